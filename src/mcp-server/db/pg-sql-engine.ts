/**
 * The node-postgres engine. It logs in as medcor_reader / medcor_auditor (roles.ts), never as the
 * URL's own user, so a statement that slips past the SQL gate still meets the role's grants and a
 * READ ONLY transaction. Each transaction takes a dedicated pooled client; a client that saw an
 * error (timeout, cancel, protocol) is destroyed, because its session state is no longer known.
 */
import { Pool, type PoolClient, type QueryConfig } from 'pg';
import { ToolError, ToolErrorCode } from '../tools/tool-definition';
import {
  ROLE_NAMES, TypeNames, timeoutSettings,
  type EngineResult, type EngineRole, type SqlEngine, type SqlSession, type TransactionOptions,
} from './sql-engine';

export interface PgSqlEngineOptions {
  name: string;
  /** Any URL for the database; its user and password are replaced by the role's. */
  url: string;
  /** Passwords for the roles when the server does not trust local connections. */
  passwords?: Partial<Record<EngineRole, string>>;
  poolSize?: number;
}

export function roleUrl(url: string, role: EngineRole, password?: string): string {
  const parsed = new URL(url);
  parsed.username = ROLE_NAMES[role];
  parsed.password = password ?? '';
  return parsed.toString();
}

export class PgSqlEngine implements SqlEngine {
  readonly kind = 'postgres' as const;
  readonly cutsLongStatements = true;
  readonly name: string;
  private readonly pools: Record<EngineRole, Pool>;
  private readonly typeNames = new TypeNames(this);

  constructor(options: PgSqlEngineOptions) {
    this.name = options.name;
    const make = (role: EngineRole, max: number): Pool => {
      const pool = new Pool({
        connectionString: roleUrl(options.url, role, options.passwords?.[role]),
        max,
        idleTimeoutMillis: 30_000,
        connectionTimeoutMillis: 5_000,
        application_name: `medcor-tools:${role}`,
      });
      // An idle client that the server drops must not crash the process.
      pool.on('error', () => undefined);
      return pool;
    };
    this.pools = { reader: make('reader', options.poolSize ?? 5), auditor: make('auditor', options.poolSize ?? 5), analyst: make('analyst', options.poolSize ?? 5) };
  }

  async transaction<T>(options: TransactionOptions, fn: (session: SqlSession) => Promise<T>): Promise<T> {
    if (options.signal?.aborted) throw new ToolError(ToolErrorCode.Timeout, 'Cancelled before the query started');
    const pool = this.pools[options.role];
    const client = await this.connect(pool, options.role);
    let failed = false;
    const cancel = (): void => void this.cancelBackend(pool, client);
    options.signal?.addEventListener('abort', cancel, { once: true });
    try {
      await client.query(options.readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
      await client.query(timeoutSettings(options.statementTimeoutMs, options.role));
      const result = await fn({ query: (sql, params) => this.extendedQuery(client, sql, params) });
      await client.query(options.readOnly ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', cancel);
      client.release(failed ? true : undefined);
    }
  }

  typeName(typeId: number): Promise<string> {
    return this.typeNames.name(typeId);
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.pools).map((pool) => pool.end()));
  }

  private async connect(pool: Pool, role: EngineRole): Promise<PoolClient> {
    try {
      return await pool.connect();
    } catch (error) {
      throw new ToolError(
        ToolErrorCode.Unavailable,
        `Database "${this.name}" is unavailable as ${ROLE_NAMES[role]} (run npm run db:setup?): ${(error as Error).message}`,
      );
    }
  }

  private async extendedQuery(client: PoolClient, sql: string, params?: readonly unknown[]): Promise<EngineResult> {
    // queryMode 'extended' forces Parse/Bind/Execute even without parameters, so the server
    // refuses `SELECT 1; DROP …` outright: one prepared statement can hold only one command.
    const config = { text: sql, values: [...(params ?? [])], rowMode: 'array', queryMode: 'extended' } as QueryConfig;
    const result = await client.query<unknown[]>({ ...config, rowMode: 'array' });
    return { fields: result.fields.map((f) => ({ name: f.name, typeId: f.dataTypeID })), rows: result.rows };
  }

  /** The reader may cancel its own role's backends; a fresh connection carries the request. */
  private async cancelBackend(pool: Pool, client: PoolClient): Promise<void> {
    const pid = (client as unknown as { processID?: number }).processID;
    if (!pid) return;
    try {
      await pool.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch {
      // The statement timeout still bounds the query; nothing else to do.
    }
  }
}
