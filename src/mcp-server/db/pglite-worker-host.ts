/**
 * Owns the PGlite worker thread: starts it, sends it one request at a time, and stops a request
 * that outlives its deadline or its AbortSignal by terminating the thread (WASM cannot be
 * interrupted otherwise) and starting a new one on the same data directory. Reopening measured
 * ~1.1 s for a small database and ~1.5 s for the 10,000-patient demo on this 2-core VM; the
 * next request waits for it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PGLITE_SETTINGS, type WorkerData, type WorkerError, type WorkerReply, type WorkerRequest } from './pglite-worker-protocol';
import type { EngineField } from './sql-engine';

export interface WorkerResult {
  fields: EngineField[];
  rows: unknown[];
}

/** Raised for every request a terminated or crashed worker leaves unanswered. */
export class WorkerStoppedError extends Error {
  constructor(readonly reason: 'deadline' | 'aborted' | 'crashed' | 'closed', message: string) {
    super(message);
    this.name = 'WorkerStoppedError';
  }
}

/** A database error from the worker, carrying its SQLSTATE as `code` like pg's and PGlite's. */
export class WorkerDatabaseError extends Error {
  readonly code?: string;
  readonly detail?: string;
  constructor(error: WorkerError) {
    super(error.message);
    this.name = 'DatabaseError';
    this.code = error.code;
    this.detail = error.detail;
  }
}

type Pending = { resolve(result: WorkerResult): void; reject(error: Error): void };

let sourceWorker: string | undefined;

/**
 * Without a build (ts-jest runs the source) there is no pglite-worker.js: the worker's source is
 * transpiled once, here, with the compiler we ship, and run with a require() rooted at its file.
 */
function sourceWorkerCode(entry: string): string {
  if (!sourceWorker) {
    const ts = require('typescript') as typeof import('typescript');
    const js = ts.transpileModule(readFileSync(entry, 'utf8'), {
      fileName: entry,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    sourceWorker = `(function (require, module, exports) {\n${js}\n})(require('node:module').createRequire(${JSON.stringify(entry)}), { exports: {} }, {});`;
  }
  return sourceWorker;
}

function spawnWorker(dataDir: string, initialCluster?: string): Worker {
  const workerData: WorkerData = { dataDir, settings: PGLITE_SETTINGS, initialCluster };
  const built = path.join(__dirname, 'pglite-worker.js');
  if (existsSync(built)) return new Worker(built, { workerData });
  return new Worker(sourceWorkerCode(path.join(__dirname, 'pglite-worker.ts')), { eval: true, workerData });
}

export class PgliteWorkerHost {
  /** Time the last worker took to open the database, for the report and the logs. */
  lastOpenMs = 0;
  restarts = 0;
  private current?: Promise<Worker>;
  private readonly pending = new Map<number, Pending>();
  private readonly workers = new WeakMap<Promise<Worker>, Worker>();
  private nextId = 1;
  private closed = false;

  /**
   * `initialCluster`: a new, empty `dataDir` is filled from this stored cluster (pristine-cluster.ts)
   * by the first worker; later workers open what is there.
   */
  constructor(
    private readonly dataDir: string,
    private initialCluster?: string,
  ) {}

  /** Resolves once a worker has the database open. */
  async start(): Promise<void> {
    await this.worker();
  }

  exec(sql: string, limits: RequestLimits = {}): Promise<WorkerResult> {
    return this.request({ op: 'exec', sql }, limits);
  }

  query(sql: string, params: readonly unknown[], limits: RequestLimits = {}): Promise<WorkerResult> {
    return this.request({ op: 'query', sql, params: [...params], rowMode: 'array' }, limits);
  }

  /** Bulk load: `sql` is a `COPY … FROM '/dev/blob'`, `data` its text-format input. */
  copy(sql: string, data: string, limits: RequestLimits = {}): Promise<WorkerResult> {
    return this.request({ op: 'copy', sql, data }, limits);
  }

  /** Stops the running statement (if any) and prepares a fresh worker on the same data. */
  async restart(reason: WorkerStoppedError['reason'], message: string): Promise<void> {
    const old = this.current;
    this.current = undefined;
    this.failPending(new WorkerStoppedError(reason, message));
    if (old) await (await old.catch(() => undefined))?.terminate();
    if (!this.closed) {
      this.restarts++;
      // Reopen now, not on the next request, so the queue behind the stopped statement waits less.
      this.worker().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const worker = await this.current?.catch(() => undefined);
    if (worker && this.pending.size === 0) {
      // A clean close checkpoints, so the next open (a restart with PGLITE_DATA_DIR) is quick.
      await this.request({ op: 'close' }, { timeoutMs: 5000 }).catch(() => undefined);
    }
    this.closed = true;
    this.current = undefined;
    this.failPending(new WorkerStoppedError('closed', 'The embedded database is closed.'));
    await worker?.terminate();
  }

  private worker(): Promise<Worker> {
    if (this.closed) return Promise.reject(new WorkerStoppedError('closed', 'The embedded database is closed.'));
    this.current ??= this.spawn();
    return this.current;
  }

  private spawn(): Promise<Worker> {
    const started = performance.now();
    const worker = spawnWorker(this.dataDir, this.initialCluster);
    this.initialCluster = undefined;
    const opened = new Promise<Worker>((resolve, reject) => {
      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') {
          this.lastOpenMs = Math.round(performance.now() - started);
          resolve(worker);
        } else if (reply.type === 'fatal') {
          reject(new Error(`The embedded database did not open: ${reply.message}`));
        } else {
          this.settle(reply);
        }
      });
      worker.on('error', (error) => reject(error));
      worker.on('exit', (code) => {
        reject(new Error(`The embedded database worker exited (${code}) before it opened`));
        // A crash (WASM out of memory…) fails what was in flight; the next request starts anew.
        if (this.current && this.isCurrent(worker)) {
          this.current = undefined;
          this.failPending(new WorkerStoppedError('crashed', `The embedded database worker stopped (exit ${code}).`));
        }
      });
    });
    const tracked = opened.catch((error: Error) => {
      if (this.current === tracked) this.current = undefined;
      throw error;
    });
    this.workers.set(tracked, worker);
    return tracked;
  }

  private isCurrent(worker: Worker): boolean {
    return this.current !== undefined && this.workers.get(this.current) === worker;
  }

  private async request(request: DistributiveOmit<WorkerRequest, 'id'>, limits: RequestLimits): Promise<WorkerResult> {
    const worker = await this.worker();
    const id = this.nextId++;
    return new Promise<WorkerResult>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => void this.restart('aborted', 'The query was cancelled.');
      const done = (): void => {
        if (timer) clearTimeout(timer);
        limits.signal?.removeEventListener('abort', onAbort);
        this.pending.delete(id);
      };
      this.pending.set(id, {
        resolve: (result) => (done(), resolve(result)),
        reject: (error) => (done(), reject(error)),
      });
      if (limits.timeoutMs !== undefined) {
        const ms = limits.timeoutMs;
        timer = setTimeout(() => void this.restart('deadline', `The statement ran longer than ${ms} ms and was stopped.`), ms);
      }
      if (limits.signal?.aborted) return onAbort();
      limits.signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }

  private settle(reply: Extract<WorkerReply, { id: number }>): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if (reply.type === 'result') pending.resolve({ fields: reply.fields, rows: reply.rows });
    else pending.reject(new WorkerDatabaseError(reply.error));
  }

  private failPending(error: Error): void {
    for (const pending of [...this.pending.values()]) pending.reject(error);
  }
}

export interface RequestLimits {
  /** Terminates the worker when the request has not been answered by then. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
