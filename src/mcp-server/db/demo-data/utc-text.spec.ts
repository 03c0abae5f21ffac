import { SeededRandom } from './seeded-random';
import { isoUtc, isoUtcDay } from './utc-text';

describe('isoUtc / isoUtcDay', () => {
  it('write what Date#toISOString writes, before and after 1970, leap days and fractions included', () => {
    const rnd = new SeededRandom(42);
    const from = Date.UTC(1890, 0, 1);
    const to = Date.UTC(2110, 0, 1);
    const samples = [0, -1, 1, -0.5, 0.999, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(1900, 1, 28), Date.UTC(2100, 2, 1), Date.UTC(1969, 11, 31, 23, 59, 59, 999) + 0.7];
    for (let i = 0; i < 10_000; i++) samples.push(from + rnd.next() * (to - from));
    for (const ms of samples) {
      const expected = new Date(ms).toISOString();
      expect([ms, isoUtc(ms)]).toEqual([ms, expected]);
      expect([ms, isoUtcDay(ms)]).toEqual([ms, expected.slice(0, 10)]);
    }
  });
});
