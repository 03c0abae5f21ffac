/**
 * The embedded PGlite engine. PGlite (WASM PostgreSQL) runs in a worker thread
 * (pglite-worker.ts), so a long statement never blocks the tools server's event loop: /health and
 * the other MCP sessions keep answering. PGlite has one connection and no timer signals, so:
 * - transactions queue in front of it (pglite-queue.ts: bounded wait, bounded depth);
 * - statement_timeout and the caller's AbortSignal are enforced from outside: the host terminates
 *   the worker and opens the same on-disk data directory in a new one (pglite-worker-host.ts).
 * Roles are switched with SET LOCAL ROLE (the gate refuses SET, so a caller cannot switch back).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ToolError, ToolErrorCode } from '../tools/tool-definition';
import type { AdminConnection } from './admin-connection';
import { PgliteQueue, type QueueLimits } from './pglite-queue';
import { PgliteWorkerHost, WorkerStoppedError, type RequestLimits } from './pglite-worker-host';
import {
  ROLE_NAMES, TypeNames, timeoutSettings,
  type EngineResult, type SqlEngine, type SqlSession, type TransactionOptions,
} from './sql-engine';

// Longer than the default statement timeout (15 s): a query waits out the one statement in front of it.
export const DEFAULT_PGLITE_QUEUE: QueueLimits = { waitMs: 20_000, maxWaiting: 64 };

export interface PgliteSqlEngineOptions {
  name: string;
  /** Where the database lives; a private temp directory (removed on close) when absent. */
  dataDir?: string;
  /** Removes `dataDir` on close (a temp directory made by the caller). */
  removeOnClose?: boolean;
  queue?: Partial<QueueLimits>;
  /** A new, empty `dataDir` is filled from this stored cluster instead of by initdb (pristine-cluster.ts). */
  initialCluster?: string;
}

export class PgliteSqlEngine implements SqlEngine {
  readonly kind = 'pglite' as const;
  /** True since PGlite runs in a worker: a statement past its timeout is stopped by terminating it. */
  readonly cutsLongStatements = true;
  private readonly typeNames = new TypeNames(this);
  private readonly queue: PgliteQueue;

  private constructor(
    readonly name: string,
    private readonly host: PgliteWorkerHost,
    queue: QueueLimits,
    private readonly ownedDataDir?: string,
  ) {
    this.queue = new PgliteQueue(queue);
  }

  /** Starts the worker and opens (or creates) the database. */
  static async open(options: PgliteSqlEngineOptions): Promise<PgliteSqlEngine> {
    const owned = !options.dataDir ? await mkdtemp(path.join(tmpdir(), 'medcor-pglite-')) : options.removeOnClose ? options.dataDir : undefined;
    const host = new PgliteWorkerHost(options.dataDir ?? (owned as string), options.initialCluster);
    const engine = new PgliteSqlEngine(options.name, host, { ...DEFAULT_PGLITE_QUEUE, ...options.queue }, owned);
    try {
      await host.start();
    } catch (error) {
      await engine.close();
      throw error;
    }
    return engine;
  }

  /** How long the last worker took to open the database, and how often it was restarted. */
  stats(): { openMs: number; restarts: number; queued: number } {
    return { openMs: this.host.lastOpenMs, restarts: this.host.restarts, queued: this.queue.depth };
  }

  async transaction<T>(options: TransactionOptions, fn: (session: SqlSession) => Promise<T>): Promise<T> {
    const release = await this.queue.acquire(options.signal);
    const limits: RequestLimits = { timeoutMs: options.statementTimeoutMs, signal: options.signal };
    let open = false;
    try {
      await this.host.exec(
        `${options.readOnly ? 'BEGIN READ ONLY' : 'BEGIN'}; SET LOCAL ROLE ${ROLE_NAMES[options.role]}; ${timeoutSettings(options.statementTimeoutMs, options.role)}`,
        limits,
      );
      open = true;
      const session: SqlSession = {
        query: async (sql, params): Promise<EngineResult> => {
          if (options.signal?.aborted) throw new ToolError(ToolErrorCode.Timeout, 'The query was cancelled.');
          const result = await this.host.query(sql, params ?? [], limits);
          return { fields: result.fields, rows: result.rows as unknown[][] };
        },
      };
      const result = await fn(session);
      await this.host.exec(options.readOnly ? 'ROLLBACK' : 'COMMIT', limits);
      open = false;
      return result;
    } catch (error) {
      // A stopped worker took its transaction with it; otherwise the connection must leave the
      // failed transaction before the next caller gets it.
      if (open && !(error instanceof WorkerStoppedError)) {
        await this.host.exec('ROLLBACK', { timeoutMs: 5000 }).catch(() => undefined);
      }
      throw stoppedToToolError(error, options.statementTimeoutMs);
    } finally {
      release();
    }
  }

  /** The privileged connection for setup (migrations, roles, demo data); never given to tools. */
  admin(): AdminConnection {
    const exclusive = async <T>(run: () => Promise<T>): Promise<T> => {
      const release = await this.queue.acquire();
      try {
        return await run();
      } finally {
        release();
      }
    };
    return {
      exec: async (sql) => {
        await exclusive(() => this.host.exec(sql));
      },
      rows: async <T>(sql: string, params?: unknown[]) => {
        const result = await exclusive(() => this.host.query(sql, params ?? []));
        return (result.rows as unknown[][]).map((row) => Object.fromEntries(result.fields.map((f, i) => [f.name, row[i]])) as T);
      },
      copy: async (sql, data) => {
        await exclusive(() => this.host.copy(sql, data));
      },
    };
  }

  typeName(typeId: number): Promise<string> {
    return this.typeNames.name(typeId);
  }

  async close(): Promise<void> {
    await this.host.close();
    if (this.ownedDataDir) await rm(this.ownedDataDir, { recursive: true, force: true });
  }
}

function stoppedToToolError(error: unknown, timeoutMs: number): unknown {
  if (!(error instanceof WorkerStoppedError)) return error;
  switch (error.reason) {
    case 'deadline':
      return new ToolError(ToolErrorCode.Timeout, `The query ran longer than the ${timeoutMs} ms statement timeout and was stopped.`, {
        timeout_ms: timeoutMs,
      });
    case 'aborted':
      return new ToolError(ToolErrorCode.Timeout, 'The query was cancelled.');
    default:
      return new ToolError(ToolErrorCode.Unavailable, `The embedded database is unavailable: ${error.message}`);
  }
}
