/**
 * The one boundary between medcor-tools and a database. Two implementations: node-postgres
 * (pg-sql-engine.ts) and embedded PGlite in a worker thread (pglite-sql-engine.ts). Every
 * statement runs inside `transaction()`, on one dedicated connection, as one of two
 * least-privilege roles; the executor (read-only-query.ts) and the patient/audit tools are its
 * only callers.
 */
export type EngineRole = 'reader' | 'auditor' | 'analyst';

/** Role names created by roles.ts; the pg engine logs in as them, PGlite switches with SET ROLE. */
export const ROLE_NAMES: Record<EngineRole, string> = { reader: 'medcor_reader', auditor: 'medcor_auditor', analyst: 'medcor_analyst' };

export interface EngineField {
  name: string;
  typeId: number;
}

export interface EngineResult {
  fields: EngineField[];
  /** Rows as arrays, in field order: duplicate column names (`SELECT 1 a, 2 a`) survive. */
  rows: unknown[][];
}

export interface SqlSession {
  /** Exactly one statement over the extended protocol (the server refuses a second one). */
  query(sql: string, params?: readonly unknown[]): Promise<EngineResult>;
}

export interface TransactionOptions {
  role: EngineRole;
  /** `BEGIN READ ONLY`, always rolled back; otherwise committed when `fn` resolves. */
  readOnly: boolean;
  statementTimeoutMs: number;
  signal?: AbortSignal;
}

export interface SqlEngine {
  readonly name: string;
  readonly kind: 'postgres' | 'pglite';
  /**
   * Whether a statement past statement_timeout is stopped (true for both engines: PostgreSQL
   * itself, PGlite by terminating its worker thread). An engine that says false gets its late
   * results turned into a timeout by the executor instead.
   */
  readonly cutsLongStatements: boolean;
  /**
   * Runs `fn` in one transaction on one dedicated connection with SET LOCAL statement_timeout,
   * lock_timeout and idle_in_transaction_session_timeout. After any error the pg connection is
   * destroyed rather than returned to the pool.
   */
  transaction<T>(options: TransactionOptions, fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** `int4`, `text`, `timestamptz`… for a type OID (read once from pg_type). */
  typeName(typeId: number): Promise<string>;
  close(): Promise<void>;
}

/**
 * The SET LOCAL block both engines run first in every transaction; values are integers we own.
 * The analyst's search_path is set here too because PGlite's SET ROLE does not apply the role's
 * own settings: `SELECT … FROM patients` must mean reporting.patients on both engines.
 */
export function timeoutSettings(statementTimeoutMs: number, role?: EngineRole): string {
  const ms = Math.max(1, Math.floor(statementTimeoutMs));
  return [
    ...(role === 'analyst' ? ['SET LOCAL search_path = reporting'] : []),
    `SET LOCAL statement_timeout = ${ms}`,
    `SET LOCAL lock_timeout = ${Math.min(ms, 2000)}`,
    // A stalled caller must not hold a snapshot (and block vacuum) for long.
    `SET LOCAL idle_in_transaction_session_timeout = ${ms + 5000}`,
  ].join('; ');
}

/** Shared OID → name cache loader: one catalogue read per engine, not per query. */
export async function loadTypeNames(engine: SqlEngine): Promise<Map<number, string>> {
  const result = await engine.transaction({ role: 'reader', readOnly: true, statementTimeoutMs: 5000 }, (s) =>
    s.query('SELECT oid::int, typname::text FROM pg_catalog.pg_type'),
  );
  return new Map(result.rows.map(([oid, name]) => [Number(oid), String(name)]));
}

/** A database's type names, loaded on first use and again after a failed load. */
export class TypeNames {
  private loading?: Promise<Map<number, string>>;

  constructor(private readonly engine: SqlEngine) {}

  async name(typeId: number): Promise<string> {
    this.loading ??= loadTypeNames(this.engine).catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return (await this.loading).get(typeId) ?? `oid:${typeId}`;
  }
}
