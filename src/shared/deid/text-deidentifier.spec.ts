/**
 * detectSpans' contract with deidentifyText: spans in order and apart, so every character is replaced
 * once. The context steps widen spans after they are merged (address-context.ts and the rest), and
 * a widening may reach into the span before it; withoutOverlaps restores the contract.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hostileInputs } from '../../../test/fixtures/deid/hostile-inputs';
import { loadNotes } from '../../../test/fixtures/deid/deid-scoring';
import { deidentify } from './deidentify';
import { detectSpans } from './text-deidentifier';

const spansApart = (text: string) => {
  const spans = detectSpans(text, [], { detectNames: true });
  return spans.every((s, i) => s.start < s.end && (i === 0 || s.start >= spans[i - 1].end));
};

describe('detectSpans', () => {
  it('keeps a unit read both as an address tail and as a town head in one place, replaced once', () => {
    const text = 'Delivery to 15 Sheep Creek Rd, Trailer 14, Yarrabah QLD 4871.';
    expect(spansApart(text)).toBe(true);
    const out = deidentify({ text }, { dateShiftDays: 45 }).text!;
    expect(out).not.toMatch(/Sheep|Trailer|Yarrabah|4871|\]\[/);
  });

  it('returns spans in order and apart on every labelled note and every hostile shape', () => {
    const dir = join(__dirname, '../../../test/fixtures/deid');
    const texts = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => loadNotes(join(dir, f)).map((n) => n.text));
    texts.push(...hostileInputs(5_000).map(([, text]) => text));
    expect(texts.length).toBeGreaterThan(2_000);
    expect(texts.filter((t) => !spansApart(t))).toEqual([]);
  });
});
