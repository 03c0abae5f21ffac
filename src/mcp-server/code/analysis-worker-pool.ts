/**
 * Owns the time limit of the JavaScript/TypeScript analysers. ESLint and the TypeScript checker
 * are synchronous, so a timer in the same thread could never interrupt them; instead each task
 * runs in a warm worker thread, and a task that passes its limit has its worker terminated
 * (findings of the analysers that already finished are kept) and a fresh worker takes its place.
 * Workers are unref'd while idle so an idle pool never keeps a process alive.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Finding } from './code-analysis.types';
import type { WorkerAnalyser, WorkerReply, WorkerTask } from './analysis-worker.protocol';

export interface PoolRunResult {
  completed: Array<{ analyser: WorkerAnalyser; findings: Finding[]; ms: number }>;
  timedOut: WorkerAnalyser[];
  failed: Array<{ analyser: WorkerAnalyser; message: string }>;
}

export interface AnalysisWorkerPoolOptions {
  /** Workers kept warm. One by default: the service shares two cores with the API and queue worker. */
  size?: number;
  /** A worker that is not ready within this time is treated as broken. */
  startupTimeoutMs?: number;
  /** Caps each worker's heap so a pathological input cannot exhaust the server's memory. */
  maxHeapMb?: number;
}

type TaskInput = Omit<WorkerTask, 'id'>;

interface PendingTask {
  task: WorkerTask;
  timeoutMs: number;
  signal?: AbortSignal;
  result: PoolRunResult;
  resolve(result: PoolRunResult): void;
  reject(error: Error): void;
}

interface PoolSlot {
  worker: Worker;
  ready: boolean;
  current?: PendingTask;
  timer?: NodeJS.Timeout;
  onAbort?: () => void;
}

export class AnalysisWorkerPool {
  private readonly size: number;
  private readonly startupTimeoutMs: number;
  private readonly maxHeapMb: number;
  private readonly slots = new Set<PoolSlot>();
  private readonly queue: PendingTask[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: AnalysisWorkerPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? 1);
    this.startupTimeoutMs = options.startupTimeoutMs ?? 60_000;
    this.maxHeapMb = options.maxHeapMb ?? 512;
  }

  /** Starts the workers now instead of on the first task. */
  warm(): void {
    while (!this.closed && this.slots.size < this.size) this.spawn();
  }

  run(input: TaskInput, timeoutMs: number, signal?: AbortSignal): Promise<PoolRunResult> {
    if (this.closed) return Promise.reject(new Error('The code analysis pool is closed'));
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise<PoolRunResult>((resolve, reject) => {
      const task: WorkerTask = { ...input, id: this.nextId++ };
      const pending: PendingTask = { task, timeoutMs, signal, resolve, reject, result: { completed: [], timedOut: [], failed: [] } };
      signal?.addEventListener('abort', () => this.dropQueued(pending), { once: true });
      this.queue.push(pending);
      this.warm();
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('The code analysis pool is closed'));
    await Promise.all([...this.slots].map((slot) => this.retire(slot)));
  }

  private spawn(): void {
    const worker = createAnalysisWorker(this.maxHeapMb);
    const slot: PoolSlot = { worker, ready: false };
    this.slots.add(slot);
    worker.unref();
    const startup = setTimeout(() => this.fail(slot, 'the analysis worker did not start in time'), this.startupTimeoutMs);
    startup.unref();
    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'ready') {
        clearTimeout(startup);
        slot.ready = true;
        this.dispatch();
      } else this.onReply(slot, reply);
    });
    worker.on('error', (error) => this.fail(slot, error.message));
    worker.on('exit', (code) => {
      clearTimeout(startup);
      if (this.slots.has(slot)) this.fail(slot, `the analysis worker exited (code ${code})`);
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.current || this.queue.length === 0) continue;
      const pending = this.queue.shift()!;
      slot.current = pending;
      slot.worker.ref();
      slot.timer = setTimeout(() => this.cut(slot), pending.timeoutMs);
      slot.onAbort = () => this.abortRunning(slot);
      pending.signal?.addEventListener('abort', slot.onAbort, { once: true });
      slot.worker.postMessage(pending.task);
    }
  }

  private onReply(slot: PoolSlot, reply: Exclude<WorkerReply, { kind: 'ready' }>): void {
    const pending = slot.current;
    if (!pending || pending.task.id !== reply.id) return;
    if (reply.kind === 'partial') pending.result.completed.push({ analyser: reply.analyser, findings: reply.findings, ms: reply.ms });
    else if (reply.kind === 'failed') pending.result.failed.push({ analyser: reply.analyser, message: reply.message });
    else {
      this.release(slot);
      pending.resolve(pending.result);
      this.dispatch();
    }
  }

  /** The limit passed: keep what finished, name what did not, and replace the worker. */
  private cut(slot: PoolSlot): void {
    const pending = slot.current;
    if (!pending) return;
    const finished = new Set([...pending.result.completed, ...pending.result.failed].map((entry) => entry.analyser));
    pending.result.timedOut = pending.task.analysers.filter((analyser) => !finished.has(analyser));
    this.release(slot);
    pending.resolve(pending.result);
    this.replace(slot);
  }

  private abortRunning(slot: PoolSlot): void {
    const pending = slot.current;
    if (!pending) return;
    this.release(slot);
    pending.reject(abortError());
    this.replace(slot);
  }

  private fail(slot: PoolSlot, message: string): void {
    const pending = slot.current;
    if (pending) {
      this.release(slot);
      const finished = new Set(pending.result.completed.map((entry) => entry.analyser));
      for (const analyser of pending.task.analysers) if (!finished.has(analyser)) pending.result.failed.push({ analyser, message });
      pending.resolve(pending.result);
    } else if (!slot.ready) {
      // A worker that cannot start would fail every queued task the same way; say so now.
      for (const queued of this.queue.splice(0)) queued.reject(new Error(`Code analysis is unavailable: ${message}`));
    }
    this.replace(slot);
  }

  private release(slot: PoolSlot): void {
    clearTimeout(slot.timer);
    if (slot.onAbort) slot.current?.signal?.removeEventListener('abort', slot.onAbort);
    slot.current = undefined;
    slot.onAbort = undefined;
    slot.worker.unref();
  }

  /** A worker that never became ready is not respawned here, or a broken setup would spin. */
  private replace(slot: PoolSlot): void {
    void this.retire(slot);
    if (slot.ready && !this.closed) this.warm();
  }

  private async retire(slot: PoolSlot): Promise<void> {
    if (!this.slots.delete(slot)) return;
    slot.worker.removeAllListeners('message');
    await slot.worker.terminate().catch(() => undefined);
  }

  private dropQueued(pending: PendingTask): void {
    const index = this.queue.indexOf(pending);
    if (index < 0) return;
    this.queue.splice(index, 1);
    pending.reject(abortError());
  }
}

function abortError(): Error {
  const error = new Error('The code analysis was cancelled');
  error.name = 'AbortError';
  return error;
}

/**
 * The compiled service runs analysis-worker.js directly. Under ts-jest the sources are .ts and
 * the worker thread does not inherit Jest's transform, so a small bootstrap transpiles our .ts
 * modules with the typescript package (already a runtime dependency) as they are required.
 */
function createAnalysisWorker(maxHeapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb };
  const compiled = path.join(__dirname, 'analysis-worker.js');
  if (!__filename.endsWith('.ts')) return new Worker(compiled, { resourceLimits });
  const entry = path.join(__dirname, 'analysis-worker.ts');
  const bootstrap = `
    const { workerData } = require('node:worker_threads');
    const fs = require('node:fs');
    const ts = require(require('node:module').createRequire(workerData.entry).resolve('typescript'));
    require.extensions['.ts'] = (module, filename) => {
      const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
        fileName: filename,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      });
      module._compile(outputText, filename);
    };
    require(workerData.entry);`;
  return new Worker(bootstrap, { eval: true, workerData: { entry }, resourceLimits });
}
