/**
 * Statistical disclosure control for cohort_statistics: what may be published of exact counts so
 * that no count of 1-4 patients can be read or recovered.
 *
 * 1. Primary suppression: a cell of 1-4 is published as "<5".
 * 2. Complementary suppression, per dimension (age bands, sex): if one cell is suppressed, the
 *    total minus the others would give it back; so the next-smallest non-zero cells are suppressed
 *    too ("suppressed") until at least two are and together they hold at least 5 patients.
 * 3. Rounding: published cells are rounded to a multiple of 5 and the total to a multiple of 10,
 *    the same true count always giving the same published one. Differencing two overlapping
 *    queries (min_age 30 vs 31) then yields a multiple of 5 or 10, never an exact 1-4; only a
 *    range survives, and zero cells stay 0 (a true zero hides nobody).
 * Residual risk, documented in the README: many differenced queries can narrow such a range; the
 * tool is internal (gateway only) and each call is bounded by the medical path's own rules.
 */
export const SMALL_CELL = 5;
export const CELL_ROUNDING = 5;
export const TOTAL_ROUNDING = 10;

export type PublishedCell = number | '<5' | 'suppressed';

export function roundTo(n: number, base: number): number {
  return n === 0 ? 0 : Math.max(base, Math.round(n / base) * base);
}

/** One dimension's cells, suppressed and rounded for publication. */
export function publishDimension(cells: Readonly<Record<string, number>>): Record<string, PublishedCell> {
  const keys = Object.keys(cells);
  const suppressed = new Set(keys.filter((k) => cells[k] > 0 && cells[k] < SMALL_CELL));
  if (suppressed.size > 0) {
    const candidates = keys.filter((k) => !suppressed.has(k) && cells[k] > 0).sort((a, b) => cells[a] - cells[b]);
    const hidden = (): number => [...suppressed].reduce((sum, k) => sum + cells[k], 0);
    while ((suppressed.size < 2 || hidden() < SMALL_CELL) && candidates.length > 0) suppressed.add(candidates.shift()!);
  }
  return Object.fromEntries(
    keys.map((k) => {
      if (!suppressed.has(k)) return [k, roundTo(cells[k], CELL_ROUNDING)];
      return [k, cells[k] < SMALL_CELL ? '<5' : 'suppressed'];
    }),
  );
}

export function publishTotal(total: number): number {
  return roundTo(total, TOTAL_ROUNDING);
}
