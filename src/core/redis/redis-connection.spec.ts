import { keySlot, slotTag } from './redis-connection';

describe('keySlot (the cluster slot of a key)', () => {
  it('is the slot Redis computes (CLUSTER KEYSLOT), from the hash tag when there is one', () => {
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('123456789')).toBe(12739);
    expect(keySlot('medcor:task:{1b4e28ba-2fa1-11d2-883f-0016d3cca427}')).toBe(keySlot('1b4e28ba-2fa1-11d2-883f-0016d3cca427'));
    expect(keySlot('a:{}:b')).toBe(keySlot('a:{}:b')); // an empty tag hashes the whole key
    expect(keySlot('a:{}:b')).not.toBe(keySlot(''));
  });
});

describe('slotTag', () => {
  it('tags keys with braces on a cluster only', () => {
    expect(slotTag({ topology: { kind: 'cluster', nodes: [] } }, 'id')).toBe('{id}');
    expect(slotTag({ topology: { kind: 'single', url: 'redis://x' } }, 'id')).toBe('id');
    expect(slotTag({ topology: { kind: 'sentinel', sentinels: [], name: 'm' } }, 'id')).toBe('id');
  });
});
