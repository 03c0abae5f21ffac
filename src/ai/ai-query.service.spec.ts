import { contextSent, withContext } from './ai-query.service';

describe('the context sent with a general query', () => {
  it('is sent whole when short', () => {
    expect(withContext('Who to call?', { contact: 'Zelda Quistgaard' })).toBe('Who to call?\n\nContext (data supplied by the user):\n{"contact":"Zelda Quistgaard"}');
    expect(withContext('Who to call?', {})).toBe('Who to call?');
  });

  it('is cut between two values, never inside one, so every value sent is whole', () => {
    const contacts = Array.from({ length: 400 }, (_, i) => ({ contact: `Zelda${i} Quistgaard${i}` }));
    const json = JSON.stringify({ contacts });
    const sent = contextSent(json);
    expect(sent.length).toBeLessThanOrEqual(4001);
    expect(sent.endsWith('…')).toBe(true);
    // Every name that appears, appears whole: the text before the cut ends a JSON member.
    expect(sent.slice(0, -1)).toMatch(/(?:"|\})$/);
    for (const m of sent.matchAll(/Quistgaard\d*/g)) expect(json).toContain(`"Zelda${m[0].slice(10)} ${m[0]}"`);
  });

  it('does not take a comma inside a value for a boundary', () => {
    const json = JSON.stringify({ notes: Array.from({ length: 300 }, (_, i) => `Quistgaard${i},{"x": 1}, "y"`) });
    const sent = contextSent(json).slice(0, -1);
    // Cut after a whole value: the text sent ends with a closing quote, never inside "Quistgaard…".
    expect(sent).toMatch(/"$/);
    expect(json.startsWith(sent)).toBe(true);
  });
});
