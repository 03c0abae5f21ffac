/**
 * The named databases medcor-tools can query. With DATABASES (JSON name → URL) or DATABASE_URL
 * every database is a PostgreSQL server reached through PgSqlEngine (set up beforehand by
 * `npm run db:setup`); with neither, `medcor_db2` is an embedded PGlite (in a worker thread) with
 * the demo hospital, built at start-up in a private temp directory, or once under dataDir and
 * opened as it is by later starts (embedded-database.ts).
 */
import { refusePublishedPlaceholder } from '../../shared/auth';
import { DEFAULT_RESULT_BYTE_CAPS, type ResultByteCaps } from '../../shared/limits';
import { ToolError, ToolErrorCode } from '../tools/tool-definition';
import { CallerSlots } from '../tools/caller-slots';
import { PgSqlEngine } from './pg-sql-engine';
import { DEFAULT_PGLITE_QUEUE } from './pglite-sql-engine';
import type { SetupSummary } from './database-setup';
import { openEmbeddedDatabase } from './embedded-database';
import type { SqlEngine } from './sql-engine';

export const DEFAULT_DATABASE = 'medcor_db2';
export const DEFAULT_DEMO_PATIENTS = 10_000;
export const DEFAULT_ROW_CAP = 1000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;

export interface DatabaseRegistryOptions {
  /** name → postgres URL; takes precedence over databaseUrl. */
  databases?: Record<string, string>;
  databaseUrl?: string;
  demoPatients?: number;
  rowCap?: number;
  statementTimeoutMs?: number;
  /** PGlite data directory, built once and reused; a private temp directory (removed on close) when absent. */
  dataDir?: string;
  seed?: number;
  /** Byte caps per cell / row / result (DEFAULT_RESULT_BYTE_CAPS for any not given). */
  byteCaps?: Partial<ResultByteCaps>;
  /** PGlite only: how long a query may wait for the one connection before it is refused. */
  queueTimeoutMs?: number;
  /** SQL statements one caller may have running at once (default 2 on PostgreSQL, 1 embedded). */
  sqlConcurrencyPerCaller?: number;
}

export interface DatabaseRegistry {
  names(): string[];
  /** Throws ToolError NotFound listing the known names. */
  get(name: string): SqlEngine;
  /** The database a tool uses when the caller names none. */
  readonly defaultName: string;
  readonly rowCap: number;
  readonly statementTimeoutMs: number;
  readonly byteCaps: ResultByteCaps;
  /** Running statements per caller of sql_query and explain_query. */
  readonly callerSlots: CallerSlots;
  /** What start-up did to the embedded database (undefined for PostgreSQL). */
  readonly embeddedSetup?: SetupSummary;
  close(): Promise<void>;
}

export async function createDatabaseRegistry(options: DatabaseRegistryOptions = {}): Promise<DatabaseRegistry> {
  const engines = new Map<string, SqlEngine>();
  let embeddedSetup: SetupSummary | undefined;
  const urls = options.databases ?? (options.databaseUrl ? { [DEFAULT_DATABASE]: options.databaseUrl } : undefined);
  if (urls && Object.keys(urls).length > 0) {
    for (const [name, url] of Object.entries(urls)) engines.set(name, new PgSqlEngine({ name, url, passwords: passwordsFromEnv() }));
  } else {
    const embedded = await openEmbeddedDatabase({
      name: DEFAULT_DATABASE,
      dataDir: options.dataDir,
      demoPatients: options.demoPatients ?? DEFAULT_DEMO_PATIENTS,
      seed: options.seed,
      queue: options.queueTimeoutMs ? { waitMs: options.queueTimeoutMs } : undefined,
    });
    embeddedSetup = embedded.setup;
    engines.set(DEFAULT_DATABASE, embedded.engine);
  }
  const names = [...engines.keys()];
  return {
    names: () => [...names],
    get(name: string): SqlEngine {
      const engine = engines.get(name);
      if (!engine) throw new ToolError(ToolErrorCode.NotFound, `Unknown database "${name}". Known databases: ${names.join(', ')}`, { known: names });
      return engine;
    },
    defaultName: engines.has(DEFAULT_DATABASE) ? DEFAULT_DATABASE : names[0],
    rowCap: options.rowCap ?? DEFAULT_ROW_CAP,
    statementTimeoutMs: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    byteCaps: { ...DEFAULT_RESULT_BYTE_CAPS, ...options.byteCaps },
    // The embedded database has one connection: a second statement of the same caller would only
    // stand in the line in front of everyone else's.
    callerSlots: new CallerSlots(options.sqlConcurrencyPerCaller ?? (embeddedSetup ? 1 : 2), 'SQL statement(s)'),
    embeddedSetup,
    close: async () => {
      await Promise.all([...engines.values()].map((engine) => engine.close()));
    },
  };
}

export function passwordsFromEnv(env: NodeJS.ProcessEnv = process.env): { reader?: string; auditor?: string; analyst?: string } {
  for (const name of ['MEDCOR_READER_PASSWORD', 'MEDCOR_AUDITOR_PASSWORD', 'MEDCOR_ANALYST_PASSWORD']) refusePublishedPlaceholder(name, env[name]);
  return {
    reader: env.MEDCOR_READER_PASSWORD || undefined,
    auditor: env.MEDCOR_AUDITOR_PASSWORD || undefined,
    analyst: env.MEDCOR_ANALYST_PASSWORD || undefined,
  };
}

/**
 * Reads DATABASES, DATABASE_URL, DEMO_PATIENTS, SQL_ROW_CAP, SQL_STATEMENT_TIMEOUT_MS,
 * SQL_CELL_MAX_BYTES, SQL_ROW_MAX_BYTES, SQL_RESULT_MAX_BYTES, PGLITE_DATA_DIR,
 * PGLITE_QUEUE_TIMEOUT_MS, SQL_CONCURRENCY_PER_CALLER.
 */
export function databaseRegistryOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseRegistryOptions {
  const int = (key: string): number | undefined => {
    const raw = env[key];
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${key} must be a positive integer, got "${raw}"`);
    return value;
  };
  let databases: Record<string, string> | undefined;
  if (env.DATABASES) {
    try {
      databases = JSON.parse(env.DATABASES) as Record<string, string>;
    } catch {
      throw new Error('DATABASES must be a JSON object mapping database names to postgres URLs');
    }
    if (typeof databases !== 'object' || databases === null || Object.values(databases).some((v) => typeof v !== 'string')) {
      throw new Error('DATABASES must be a JSON object mapping database names to postgres URLs');
    }
  }
  return {
    databases,
    databaseUrl: env.DATABASE_URL || undefined,
    demoPatients: int('DEMO_PATIENTS'),
    rowCap: int('SQL_ROW_CAP'),
    statementTimeoutMs: int('SQL_STATEMENT_TIMEOUT_MS'),
    dataDir: env.PGLITE_DATA_DIR || undefined,
    byteCaps: {
      cellMaxBytes: int('SQL_CELL_MAX_BYTES') ?? DEFAULT_RESULT_BYTE_CAPS.cellMaxBytes,
      rowMaxBytes: int('SQL_ROW_MAX_BYTES') ?? DEFAULT_RESULT_BYTE_CAPS.rowMaxBytes,
      resultMaxBytes: int('SQL_RESULT_MAX_BYTES') ?? DEFAULT_RESULT_BYTE_CAPS.resultMaxBytes,
    },
    queueTimeoutMs: int('PGLITE_QUEUE_TIMEOUT_MS') ?? DEFAULT_PGLITE_QUEUE.waitMs,
    sqlConcurrencyPerCaller: int('SQL_CONCURRENCY_PER_CALLER'),
  };
}
