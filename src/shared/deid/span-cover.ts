/**
 * Overlap tests in time linear in the text: which characters some span covers, and which range of
 * a set of disjoint ranges each character lies in. Testing each new span against every span found
 * so far was quadratic on a long text of one repeated shape (50,000 characters of "A.B.C. " took
 * 360 ms in the context steps).
 */
interface Range {
  start: number;
  end: number;
}

/** The characters covered by the spans given and added since. */
export class SpanCover {
  private readonly covered: Uint8Array;

  constructor(length: number, spans: Iterable<Range> = []) {
    this.covered = new Uint8Array(length);
    for (const s of spans) this.add(s);
  }

  add(s: Range): void {
    this.covered.fill(1, s.start, s.end);
  }

  /** No character of [start, end) is covered. */
  free(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.covered[i] === 1) return false;
    return true;
  }
}

/** Disjoint ranges, as the range each character lies in. */
export class RangeIndex {
  private readonly ids: Int32Array;

  constructor(length: number, ranges: ReadonlyArray<readonly [number, number]>) {
    this.ids = new Int32Array(length);
    ranges.forEach(([a, b], k) => this.ids.fill(k + 1, a, b));
  }

  /** [start, end) lies inside one of the ranges. */
  inside(start: number, end: number): boolean {
    const id = this.ids[start];
    return end > start && id !== 0 && this.ids[end - 1] === id;
  }
}

/** Ranges that may overlap one another, as the characters they cover: does [start, end) touch one? */
export class RangeOverlap {
  private readonly covered: Uint8Array;
  // The ranges by start, with the furthest end of each prefix: overlapping() walks back only over
  // ranges that can still reach the query (a scan of every range for every word was quadratic on a
  // text of thousands of protected terms).
  private readonly sorted: ReadonlyArray<readonly [number, number]>;
  private readonly reach: Int32Array;

  constructor(length: number, ranges: ReadonlyArray<readonly [number, number]>) {
    this.covered = new Uint8Array(length);
    for (const [a, b] of ranges) this.covered.fill(1, a, b);
    this.sorted = [...ranges].sort((x, y) => x[0] - y[0]);
    this.reach = new Int32Array(this.sorted.length);
    this.sorted.forEach(([, b], i) => (this.reach[i] = Math.max(b, i > 0 ? this.reach[i - 1] : 0)));
  }

  /** The ranges that share a character with [start, end), each once. */
  overlapping(start: number, end: number): Array<readonly [number, number]> {
    const out: Array<readonly [number, number]> = [];
    if (!this.touches(start, end)) return out;
    // The last range that opens before `end`.
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid][0] < end) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0 && this.reach[i] > start; i--) if (this.sorted[i][1] > start) out.push(this.sorted[i]);
    return out;
  }

  /** Some character of [start, end) lies in a range. */
  touches(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.covered[i] === 1) return true;
    return false;
  }
}
