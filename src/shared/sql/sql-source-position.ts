/**
 * Owns the translation between the offsets the PostgreSQL parser reports and positions in the
 * JavaScript string. The parser counts UTF-8 bytes for node/statement/token locations and Unicode
 * code points for error cursors, while callers index JS strings (UTF-16 code units); the three
 * agree only for ASCII text, so every offset that leaves this module goes through here.
 */

export interface LineColumn {
  /** 1-based. */
  line: number;
  /** 1-based, counted in UTF-16 code units like every JS string index. */
  column: number;
}

/** Maps parser offsets of one SQL text to string indexes; built once per text, cheap for ASCII. */
export class SqlSourcePositions {
  private readonly ascii: boolean;
  private byteStarts?: number[];

  constructor(private readonly sql: string) {
    this.ascii = Buffer.byteLength(sql, 'utf8') === sql.length;
  }

  /** A UTF-8 byte offset (node `location`, `stmt_location`, scan tokens) as a string index. */
  indexOfByte(byteOffset: number): number {
    if (byteOffset <= 0) return 0;
    if (this.ascii) return Math.min(byteOffset, this.sql.length);
    const starts = this.getByteStarts();
    // Binary search: the first code unit that starts at or after byteOffset.
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid] < byteOffset) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** A code-point offset (the parser's error cursor) as a string index. */
  indexOfCodePoint(codePointOffset: number): number {
    if (codePointOffset <= 0) return 0;
    if (this.ascii) return Math.min(codePointOffset, this.sql.length);
    let index = 0;
    let seen = 0;
    while (index < this.sql.length && seen < codePointOffset) {
      const code = this.sql.codePointAt(index) ?? 0;
      index += code > 0xffff ? 2 : 1;
      seen += 1;
    }
    return index;
  }

  lineColumnOf(index: number): LineColumn {
    const end = Math.max(0, Math.min(index, this.sql.length));
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < end; i += 1) {
      if (this.sql.charCodeAt(i) === 10) {
        line += 1;
        lineStart = i + 1;
      }
    }
    return { line, column: end - lineStart + 1 };
  }

  /** byteStarts[i] = UTF-8 byte offset of code unit i; one extra entry for the end. */
  private getByteStarts(): number[] {
    if (this.byteStarts) return this.byteStarts;
    const starts: number[] = new Array<number>(this.sql.length + 1);
    let bytes = 0;
    for (let i = 0; i < this.sql.length; i += 1) {
      starts[i] = bytes;
      const code = this.sql.charCodeAt(i);
      if (code < 0x80) bytes += 1;
      else if (code < 0x800) bytes += 2;
      else if (code >= 0xd800 && code <= 0xdbff && i + 1 < this.sql.length) {
        // A surrogate pair is one 4-byte code point: both halves start at the same byte.
        starts[i + 1] = bytes;
        bytes += 4;
        i += 1;
      } else bytes += 3;
    }
    starts[this.sql.length] = bytes;
    this.byteStarts = starts;
    return starts;
  }
}
