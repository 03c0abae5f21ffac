/**
 * The executor: the one function that runs caller-written SQL, for every tool and engine.
 *
 * 1. The SQL gate (shared/sql) must allow the text; a refusal never reaches the database.
 * 2. The gate's normalized single statement runs as medcor_analyst (the de-identified reporting
 *    schema only, never the identified tables) in a READ ONLY transaction
 *    with statement/lock/idle timeouts, which is always rolled back.
 * 3. A SELECT runs as `DECLARE … NO SCROLL CURSOR FOR <q>` + `FETCH rowCap+1`, so the server
 *    stops after rowCap+1 rows and the query's own semantics (ORDER BY, duplicate column names,
 *    LIMIT) are untouched, which wrapping it as `SELECT * FROM (<q>) LIMIT n` would not promise.
 *    EXPLAIN cannot be a cursor's query; its output is one row per plan line (or one JSON value),
 *    so it runs as is and is cut to rowCap afterwards.
 *
 * Rows come back as arrays in column order (not objects) so duplicate column names survive and
 * the payload stays compact; `columns` names them. Values are JSON-safe: timestamps as ISO
 * strings, bigint/numeric as strings (exact), bytea as \x-hex.
 */
import { checkReadOnlyQuery, type SqlGateOptions } from '../../shared/sql';
import { ToolError, ToolErrorCode } from '../tools/tool-definition';
import type { SqlEngine } from './sql-engine';
import { DEFAULT_STATEMENT_TIMEOUT_MS } from './database-registry';
import { permissionDenied } from './reporting-access';

export interface ReadOnlyQueryOptions {
  rowCap: number;
  signal?: AbortSignal;
  statementTimeoutMs?: number;
  gate?: SqlGateOptions;
}

export interface QueryColumn {
  name: string;
  type: string;
}

export interface ReadOnlyQueryResult {
  columns: QueryColumn[];
  rows: unknown[][];
  row_count: number;
  truncated: boolean;
  duration_ms: number;
  kind: 'select' | 'explain';
}

const CURSOR = 'medcor_result';

export async function runReadOnlyQuery(engine: SqlEngine, sql: string, options: ReadOnlyQueryOptions): Promise<ReadOnlyQueryResult> {
  const rowCap = Math.max(1, Math.floor(options.rowCap));
  const timeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const verdict = await checkReadOnlyQuery(sql, options.gate);
  if (!verdict.allowed) {
    throw new ToolError(ToolErrorCode.Refused, `Query refused: ${verdict.reason}`, { rule: verdict.rule, reason: verdict.reason });
  }
  const started = performance.now();
  let result;
  try {
    result = await engine.transaction(
      { role: 'analyst', readOnly: true, statementTimeoutMs: timeoutMs, signal: options.signal },
      async (session) => {
        if (verdict.kind === 'explain') return session.query(verdict.normalizedSql);
        await session.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${verdict.normalizedSql}`);
        return session.query(`FETCH FORWARD ${rowCap + 1} FROM ${CURSOR}`);
      },
    );
  } catch (error) {
    throw toToolError(error, timeoutMs, options.signal);
  }
  const durationMs = Math.round(performance.now() - started);
  if (!engine.cutsLongStatements && durationMs > timeoutMs) {
    // PGlite ran past the deadline (it cannot cut a statement); keep the contract anyway.
    throw new ToolError(ToolErrorCode.Timeout, `The query ran longer than the ${timeoutMs} ms statement timeout.`, { timeout_ms: timeoutMs });
  }
  const truncated = result.rows.length > rowCap;
  const rows = (truncated ? result.rows.slice(0, rowCap) : result.rows).map((row) => row.map(jsonSafe));
  const columns = await Promise.all(result.fields.map(async (f) => ({ name: f.name, type: await engine.typeName(f.typeId) })));
  return { columns, rows, row_count: rows.length, truncated, duration_ms: durationMs, kind: verdict.kind };
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
