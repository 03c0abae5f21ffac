import { publishDimension as sut, publishTotal, SMALL_CELL } from './cohort-disclosure';

/** What an attacker can compute for one dimension: total minus every published number. */
function recoverFromTotal(total: number, published: Record<string, number | string>): { cell?: string; value?: number } {
  const hidden = Object.entries(published).filter(([, v]) => typeof v !== 'number');
  if (hidden.length !== 1) return {};
  const shown = Object.values(published).reduce<number>((sum, v) => sum + (typeof v === 'number' ? v : 0), 0);
  return { cell: hidden[0][0], value: total - shown };
}

describe('cohort disclosure control', () => {
  const bands = { '0-17': 12, '18-34': 3, '35-49': 40, '50-64': 55, '65-79': 21, '80+': 9 };
  const total = Object.values(bands).reduce((a, b) => a + b, 0);

  it('suppresses a complementary cell so that the total minus the others does not give the small cell back', () => {
    const published = sut(bands);
    expect(published['18-34']).toBe('<5');
    expect(recoverFromTotal(total, published)).toEqual({});
    // The attack as it would work with only the small cell hidden and exact numbers:
    const naive = { ...bands, '18-34': '<5' };
    expect(recoverFromTotal(total, naive)).toEqual({ cell: '18-34', value: 3 });
    // The complement is the next-smallest non-zero cell, and together they hold at least 5.
    expect(published['80+']).toBe('suppressed');
  });

  it('keeps suppressing until the hidden cells hold at least the threshold', () => {
    const published = sut({ F: 1, M: 60, X: 1 });
    expect(published).toEqual({ F: '<5', M: 'suppressed', X: '<5' });
  });

  it('rounds published numbers, so two queries differing by one filter never difference to an exact small count', () => {
    // Query B drops the 2 patients aged exactly 30 from query A (min_age 30 vs min_age 31).
    for (let base = SMALL_CELL; base < 200; base++) {
      const difference = publishTotal(base + 2) - publishTotal(base);
      expect([0, 10]).toContain(difference);
      const cellDifference = (sut({ c: base + 2, d: 50 }).c as number) - (sut({ c: base, d: 50 }).c as number);
      expect([0, 5]).toContain(cellDifference);
    }
  });

  it('publishes zero as 0 and leaves dimensions without small cells alone apart from rounding', () => {
    expect(sut({ F: 0, M: 23, X: 0 })).toEqual({ F: 0, M: 25, X: 0 });
  });
});
