/**
 * Byte caps on a query result (rows as arrays of JSON-safe values): per cell, per row and per
 * result, measured as the UTF-8 bytes of the value's JSON. The tools server applies them before
 * serialising a result; the gateway applies them again to what it receives, so neither side ever
 * forwards more than the result cap, whatever the other did.
 */

export interface ResultByteCaps {
  cellMaxBytes: number;
  rowMaxBytes: number;
  resultMaxBytes: number;
}

export const DEFAULT_RESULT_BYTE_CAPS: Readonly<ResultByteCaps> = Object.freeze({
  cellMaxBytes: 64 * 1024,
  rowMaxBytes: 256 * 1024,
  resultMaxBytes: 4 * 1024 * 1024,
});

/** Why a result is not the whole answer; rows missing outrank cells cut. */
export type TruncatedReason = 'row_cap' | 'result_bytes' | 'row_bytes' | 'cell_bytes';

const SEVERITY: Record<TruncatedReason, number> = { result_bytes: 4, row_cap: 3, row_bytes: 2, cell_bytes: 1 };

export function worseReason(a: TruncatedReason | undefined, b: TruncatedReason | undefined): TruncatedReason | undefined {
  if (!a) return b;
  if (!b) return a;
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/** The smallest budget a cut cell gets: room for the marker and a little text. */
const MIN_CELL_BYTES = 64;

export function jsonBytes(value: unknown): number {
  if (value === undefined) return 4; // serialised as null inside an array
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value).length;
  return Buffer.byteLength(JSON.stringify(value));
}

/**
 * `value` when its JSON fits `maxBytes`, else a string: the head of its text and a marker
 * `…[cut: <n> bytes]` naming the original size. A cut JSON object becomes text.
 */
export function cutCell(value: unknown, maxBytes: number): { value: unknown; bytes: number; cut: boolean } {
  const budget = Math.max(MIN_CELL_BYTES, Math.floor(maxBytes));
  // A JSON string is at least as long as its text: a text longer than the budget is cut
  // without serialising the whole of it (it may be 100 MB).
  const text = typeof value === 'string' ? value : undefined;
  if (text === undefined || text.length <= budget) {
    const bytes = jsonBytes(value);
    if (bytes <= budget) return { value, bytes, cut: false };
  }
  const full = text ?? JSON.stringify(value);
  const marker = `…[cut: ${Buffer.byteLength(full)} bytes]`;
  let head = full.slice(0, Math.max(0, budget - marker.length - 2));
  let bytes = jsonBytes(head + marker);
  // Escapes make a character up to 6 bytes of JSON: dropping excess/6 characters never
  // overshoots by more than one character.
  while (bytes > budget && head.length > 0) {
    head = head.slice(0, head.length - Math.max(1, Math.ceil((bytes - budget) / 6)));
    if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
    bytes = jsonBytes(head + marker);
  }
  return { value: head + marker, bytes, cut: true };
}

/** Cuts one row's cells to the cell cap, then its largest cells until the row fits its cap. */
export function capRow(row: unknown[], caps: ResultByteCaps): { row: unknown[]; bytes: number; reason?: TruncatedReason } {
  let reason: TruncatedReason | undefined;
  const cells = row.map((value) => {
    const cell = cutCell(value, caps.cellMaxBytes);
    if (cell.cut) reason = 'cell_bytes';
    return cell;
  });
  const rowBytes = (): number => 2 + Math.max(0, cells.length - 1) + cells.reduce((sum, c) => sum + c.bytes, 0);
  let total = rowBytes();
  for (let guard = 0; total > caps.rowMaxBytes && guard < cells.length; guard++) {
    const largest = cells.reduce((best, c, i) => (c.bytes > cells[best].bytes ? i : best), 0);
    const cut = cutCell(row[largest], cells[largest].bytes - (total - caps.rowMaxBytes));
    if (cut.bytes >= cells[largest].bytes) break;
    cells[largest] = cut;
    reason = 'row_bytes';
    total = rowBytes();
  }
  return { row: cells.map((c) => c.value), bytes: total, reason };
}

/**
 * Collects rows under the caps, batch by batch: `add` returns false once the result is full, so
 * the caller stops fetching. `rowCap` rows at most; the row after them marks `row_cap`.
 */
export class ResultCapper {
  readonly rows: unknown[][] = [];
  reason?: TruncatedReason;
  cellsCut = 0;
  private bytes = 2;
  private full = false;

  constructor(
    private readonly caps: ResultByteCaps,
    private readonly rowCap: number,
  ) {}

  get truncated(): boolean {
    return this.reason !== undefined;
  }

  add(batch: unknown[][]): boolean {
    for (const raw of batch) {
      if (this.full) return false;
      if (this.rows.length >= this.rowCap) {
        this.stop('row_cap');
        return false;
      }
      const capped = capRow(raw, this.caps);
      const separator = this.rows.length > 0 ? 1 : 0;
      if (this.bytes + separator + capped.bytes > this.caps.resultMaxBytes) {
        this.stop('result_bytes');
        return false;
      }
      if (capped.reason) {
        this.reason = worseReason(this.reason, capped.reason);
        this.cellsCut += capped.row.filter((v, i) => v !== raw[i]).length;
      }
      this.rows.push(capped.row);
      this.bytes += separator + capped.bytes;
    }
    return !this.full;
  }

  private stop(reason: TruncatedReason): void {
    this.full = true;
    this.reason = worseReason(this.reason, reason);
  }
}

/** Applies the caps to a whole result at once (the gateway's check of what it received). */
export function capResultRows(rows: unknown[][], caps: ResultByteCaps): { rows: unknown[][]; reason?: TruncatedReason } {
  const capper = new ResultCapper(caps, Number.MAX_SAFE_INTEGER);
  capper.add(rows);
  return { rows: capper.rows, reason: capper.reason };
}
