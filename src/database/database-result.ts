/**
 * Owns the shape of a database answer (inline body and task result alike) and the readable
 * summary in its `response`: a short sentence plus a text table for small results.
 */
import { renderTextTable } from '../shared/format';
import type { RoutingDecision } from '../tasks/dispatcher/routing';
import { capResultRows, DEFAULT_RESULT_BYTE_CAPS, worseReason, type TruncatedReason } from '../shared/limits';

export interface ResultColumn {
  name: string;
  type: string;
}

/** What sql_query's structuredContent carries (medcor-tools' sql_query tool). */
export interface SqlRunData {
  columns: ResultColumn[];
  rows: unknown[][];
  row_count: number;
  truncated: boolean;
  /** Why rows are missing or values were cut (row cap, byte caps). */
  truncated_reason?: TruncatedReason;
  duration_ms: number;
  sql: string;
}

export interface SqlAttempt {
  sql: string;
  success: boolean;
}

export interface DatabaseAnswer {
  success: true;
  response: string;
  database: string;
  mode: 'sql' | 'natural_language';
  tools_used: string[];
  /** Seconds. */
  processing_time: number;
  mcp_available: boolean;
  columns: ResultColumn[];
  rows: unknown[][];
  row_count: number;
  truncated: boolean;
  truncated_reason?: TruncatedReason;
  duration_ms: number;
  /** The statement that produced `rows` (for natural language, the agent's last successful one). */
  sql: string | null;
  /** Natural language only: every statement the agent ran, in order. */
  sql_attempts?: SqlAttempt[];
  /** The planner's total cost, when it was estimated. */
  estimated_cost?: number;
  routing?: RoutingDecision;
  /** Set when the answer came from the 30-minute result cache. */
  cached?: boolean;
  cached_at?: string;
}

const TABLE_ROWS = 20;

export function isSqlRunData(value: unknown): value is SqlRunData {
  const v = value as Partial<SqlRunData> | null;
  return !!v && Array.isArray(v.columns) && Array.isArray(v.rows) && typeof v.row_count === 'number';
}

/**
 * The gateway's own byte cap on rows it received from a tools server: whatever that server did,
 * an answer never carries more than the result cap (DEFAULT_RESULT_BYTE_CAPS, 4 MB of rows).
 */
export function capRun<T extends Omit<SqlRunData, 'sql'>>(run: T): T {
  const capped = capResultRows(run.rows, DEFAULT_RESULT_BYTE_CAPS);
  if (!capped.reason) return run;
  return {
    ...run,
    rows: capped.rows,
    row_count: capped.rows.length,
    truncated: true,
    truncated_reason: worseReason(run.truncated_reason, capped.reason),
  };
}

/** The rows part of a database answer, the same for SQL and natural-language answers. */
export function rowFields(run: Omit<SqlRunData, 'sql'>): Pick<DatabaseAnswer, 'columns' | 'rows' | 'row_count' | 'truncated' | 'truncated_reason' | 'duration_ms'> {
  return {
    columns: run.columns,
    rows: run.rows,
    row_count: run.row_count,
    truncated: run.truncated,
    ...(run.truncated_reason ? { truncated_reason: run.truncated_reason } : {}),
    duration_ms: run.duration_ms,
  };
}

/** "12 rows from medcor_db2 in 4 ms" and a table of the first rows. */
export function summariseRows(run: Omit<SqlRunData, 'sql'>, database: string): string {
  const rowWord = `${run.row_count} row${run.row_count === 1 ? '' : 's'}`;
  const head = `${rowWord} from ${database} in ${run.duration_ms} ms${run.truncated ? truncationNote(run.truncated_reason) : ''}.`;
  if (run.columns.length === 0) return head;
  return `${head}\n${renderTextTable(run.columns.map((c) => c.name), run.rows, TABLE_ROWS, 'in `rows`')}`;
}

function truncationNote(reason?: TruncatedReason): string {
  if (reason === 'cell_bytes' || reason === 'row_bytes') return ' (truncated: values larger than the byte caps were cut)';
  if (reason === 'result_bytes') return ' (truncated: the rows filled the result byte cap; select fewer or smaller columns)';
  return ' (truncated: more rows exist; add a LIMIT or narrow the WHERE)';
}

export function seconds(startedMs: number): number {
  return Math.round(performance.now() - startedMs) / 1000;
}
