/** Widest a cell is shown (longer values end in …); the full values travel beside the table. */
const CELL_CHARS = 40;

/**
 * The one fixed-width text table, for the tools server's answers (what the model reads) and the
 * gateway's database summaries: a header, a rule, at most `maxRows` rows, then how many more
 * there are and where to find them (`whereMore`, e.g. "in `rows`").
 */
export function renderTextTable(columns: string[], rows: unknown[][], maxRows: number, whereMore: string): string {
  const shown = rows.slice(0, maxRows).map((row) => columns.map((_, i) => cell(row[i])));
  const widths = columns.map((name, i) => Math.max(name.length, ...shown.map((r) => r[i].length)));
  const line = (values: string[]): string => values.map((v, i) => v.padEnd(widths[i])).join(' | ').trimEnd();
  const out = [line(columns), widths.map((w) => '-'.repeat(w)).join('-+-'), ...shown.map(line)];
  if (rows.length > shown.length) out.push(`… ${rows.length - shown.length} more rows ${whereMore}`);
  return out.join('\n');
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return value.toISOString();
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > CELL_CHARS ? `${flat.slice(0, CELL_CHARS - 1)}…` : flat;
}
