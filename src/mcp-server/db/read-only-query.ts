/**
 * The executor: the one function that runs caller-written SQL, for every tool and engine.
 *
 * 1. The SQL gate (shared/sql) must allow the text; a refusal never reaches the database.
 * 2. The gate's normalized single statement runs as medcor_analyst (the de-identified reporting
 *    schema only, never the identified tables) in a READ ONLY transaction
 *    with statement/lock/idle timeouts, which is always rolled back.
 * 3. A SELECT runs as `DECLARE … NO SCROLL CURSOR FOR <q>` + `FETCH` in growing batches, so the
 *    server stops after rowCap+1 rows, or once the rows fetched fill the result's byte cap, and
 *    the query's own semantics (ORDER BY, duplicate column names, LIMIT) are untouched, which
 *    wrapping it as `SELECT * FROM (<q>) LIMIT n` would not promise. EXPLAIN cannot be a
 *    cursor's query; its output is one row per plan line (or one JSON value), so it runs as is.
 * 4. Byte caps per cell, row and result (shared/limits) apply before anything is serialised: a
 *    cell too large is cut with a marker, rows that do not fit are dropped, and `truncated` /
 *    `truncated_reason` say so. A FETCH's rows travel whole (PGlite materialises them in its WASM
 *    heap, which never shrinks, and again in this process), so a batch grows ×4 only while its
 *    widest row seen so far times its size stays under FETCH_BATCH_BYTES: wide rows are fetched a
 *    few at a time, one at a time past that size, whatever the caps later keep of them.
 *
 * Rows come back as arrays in column order (not objects) so duplicate column names survive and
 * the payload stays compact; `columns` names them. Values are JSON-safe: timestamps as ISO
 * strings, bigint/numeric as strings (exact), bytea as \x-hex.
 */
import { DEFAULT_RESULT_BYTE_CAPS, ResultCapper, type ResultByteCaps, type TruncatedReason } from '../../shared/limits';
import { checkReadOnlyQuery, type SqlGateOptions } from '../../shared/sql';
import { ToolError, ToolErrorCode } from '../tools/tool-definition';
import type { EngineField, SqlEngine, SqlSession } from './sql-engine';
import { DEFAULT_STATEMENT_TIMEOUT_MS } from './database-registry';
import { permissionDenied } from './reporting-access';

export interface ReadOnlyQueryOptions {
  rowCap: number;
  signal?: AbortSignal;
  statementTimeoutMs?: number;
  gate?: SqlGateOptions;
  /** DEFAULT_RESULT_BYTE_CAPS when absent. */
  byteCaps?: ResultByteCaps;
}

export interface QueryColumn {
  name: string;
  type: string;
}

export interface ReadOnlyQueryResult {
  columns: QueryColumn[];
  rows: unknown[][];
  row_count: number;
  /** True when rows are missing or values were cut; `truncated_reason` says which. */
  truncated: boolean;
  truncated_reason?: TruncatedReason;
  /** How many values were cut to fit the cell or row cap. */
  cells_cut: number;
  duration_ms: number;
  kind: 'select' | 'explain';
}

const CURSOR = 'medcor_result';
const FIRST_BATCH = 4;
/** What one FETCH may bring, by the widest row seen (rows of 9 MB once made a 64-row FETCH of 576 MB). */
export const FETCH_BATCH_BYTES = 4 * 1024 * 1024;

/** A row's size as it travels: text by its length, anything else a few bytes. */
function rowBytes(row: readonly unknown[]): number {
  let bytes = 0;
  for (const value of row) bytes += typeof value === 'string' ? value.length : 16;
  return bytes;
}

/** FETCHes until rowCap+1 rows or a full result; the capper decides when it is full. */
async function fetchCapped(session: SqlSession, rowCap: number, capper: ResultCapper): Promise<EngineField[]> {
  let fields: EngineField[] = [];
  let fetched = 0;
  let batch = FIRST_BATCH;
  let widest = 1;
  for (;;) {
    const size = Math.min(batch, rowCap + 1 - fetched);
    const result = await session.query(`FETCH FORWARD ${size} FROM ${CURSOR}`);
    fields = result.fields;
    fetched += result.rows.length;
    for (const row of result.rows) widest = Math.max(widest, rowBytes(row));
    const more = capper.add(result.rows);
    if (!more || result.rows.length < size || fetched > rowCap) return fields;
    batch = Math.max(1, Math.min(batch * 4, Math.floor(FETCH_BATCH_BYTES / widest)));
  }
}

export async function runReadOnlyQuery(engine: SqlEngine, sql: string, options: ReadOnlyQueryOptions): Promise<ReadOnlyQueryResult> {
  const rowCap = Math.max(1, Math.floor(options.rowCap));
  const timeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const verdict = await checkReadOnlyQuery(sql, options.gate);
  if (!verdict.allowed) {
    throw new ToolError(ToolErrorCode.Refused, `Query refused: ${verdict.reason}`, { rule: verdict.rule, reason: verdict.reason });
  }
  const started = performance.now();
  const capper = new ResultCapper(options.byteCaps ?? DEFAULT_RESULT_BYTE_CAPS, rowCap);
  let fields: EngineField[];
  try {
    fields = await engine.transaction(
      { role: 'analyst', readOnly: true, statementTimeoutMs: timeoutMs, signal: options.signal },
      async (session) => {
        if (verdict.kind === 'explain') {
          const plan = await session.query(verdict.normalizedSql);
          capper.add(plan.rows.map((row) => row.map(jsonSafe)));
          return plan.fields;
        }
        await session.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${verdict.normalizedSql}`);
        return fetchCapped({ query: async (sql) => jsonSafeResult(await session.query(sql)) }, rowCap, capper);
      },
    );
  } catch (error) {
    throw toToolError(error, timeoutMs, options.signal);
  }
  const durationMs = Math.round(performance.now() - started);
  if (!engine.cutsLongStatements && durationMs > timeoutMs) {
    // An engine that cannot cut a statement ran past the deadline; keep the contract anyway.
    throw new ToolError(ToolErrorCode.Timeout, `The query ran longer than the ${timeoutMs} ms statement timeout.`, { timeout_ms: timeoutMs });
  }
  const columns = await Promise.all(fields.map(async (f) => ({ name: f.name, type: await engine.typeName(f.typeId) })));
  const rows = capper.rows;
  return {
    columns,
    rows,
    row_count: rows.length,
    truncated: capper.truncated,
    ...(capper.reason ? { truncated_reason: capper.reason } : {}),
    cells_cut: capper.cellsCut,
    duration_ms: durationMs,
    kind: verdict.kind,
  };
}

function jsonSafeResult(result: { fields: EngineField[]; rows: unknown[][] }): { fields: EngineField[]; rows: unknown[][] } {
  return { fields: result.fields, rows: result.rows.map((row) => row.map(jsonSafe)) };
}

export function jsonSafe(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  return value;
}

/** Maps a database error to the tool error a caller can act on; SQLSTATE decides, not text. */
export function toToolError(error: unknown, timeoutMs: number, signal?: AbortSignal): ToolError {
  if (error instanceof ToolError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? String(error);
  if (code === '57014') {
    return signal?.aborted
      ? new ToolError(ToolErrorCode.Timeout, 'The query was cancelled.')
      : new ToolError(ToolErrorCode.Timeout, `The query ran longer than the ${timeoutMs} ms statement timeout and was stopped.`, { timeout_ms: timeoutMs });
  }
  if (code === '55P03') return new ToolError(ToolErrorCode.Timeout, 'The query waited too long for a lock.', { sqlstate: code });
  if (code === '42501') return permissionDenied(message);
  if (code === '25006') return new ToolError(ToolErrorCode.Refused, `The database refused: ${message}`, { sqlstate: code });
  if (/^(22|42|0A|21|23|2B|3F)/.test(code)) return new ToolError(ToolErrorCode.InvalidArgument, message, { sqlstate: code });
  if (/^(08|53|57P)/.test(code) || /ECONNREFUSED|ECONNRESET|terminat/i.test(message)) {
    return new ToolError(ToolErrorCode.Unavailable, `The database is unavailable: ${message}`, { sqlstate: code || undefined });
  }
  return new ToolError(ToolErrorCode.Internal, `The query failed: ${message}`, { sqlstate: code || undefined });
}
