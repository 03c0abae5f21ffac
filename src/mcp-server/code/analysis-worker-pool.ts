/**
 * Owns the time limit of the JavaScript/TypeScript/Python analysers. ESLint and the TypeScript
 * checker are synchronous, so a timer in the same thread could never interrupt them; instead each
 * task runs in a warm worker thread of a piscina pool, and a task that passes its limit is aborted
 * (piscina terminates its worker and starts a fresh one); the findings of the analysers that had
 * already finished are kept. The limit counts from the moment a warm worker starts the task, not
 * while it waits in the queue. Idle workers never keep a process alive (piscina unrefs them).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Finding } from './code-analysis.types';
import type { WorkerAnalyser, WorkerReply, WorkerRun, WorkerTask } from './analysis-worker.protocol';

export interface PoolRunResult {
  completed: Array<{ analyser: WorkerAnalyser; findings: Finding[]; ms: number }>;
  timedOut: WorkerAnalyser[];
  failed: Array<{ analyser: WorkerAnalyser; message: string }>;
}

export interface AnalysisWorkerPoolOptions {
  /** Workers kept warm. One by default: the service shares two cores with the API and queue worker. */
  size?: number;
  /** Caps each worker's heap so a pathological input cannot exhaust the server's memory. */
  maxHeapMb?: number;
  /** Analyses waiting for a worker at most (default 32); one more is refused as busy. */
  maxQueue?: number;
}

export class AnalysisWorkerPool {
  private piscina?: Piscina<WorkerRun, WorkerReply[]>;
  private closed = false;
  /** Analyses running or waiting. Counted here: piscina's balancer hands a task to a busy worker, so its own maxQueue never bites. */
  private inFlight = 0;

  constructor(private readonly options: AnalysisWorkerPoolOptions = {}) {}

  /** Starts the workers now instead of on the first task. */
  warm(): void {
    this.pool();
  }

  async run(input: WorkerTask, timeoutMs: number, signal?: AbortSignal): Promise<PoolRunResult> {
    if (this.closed) throw new Error('The code analysis pool is closed');
    if (signal?.aborted) throw abortError();
    const waiting = this.inFlight - Math.max(1, this.options.size ?? 1);
    if (waiting >= (this.options.maxQueue ?? 32)) throw new Error(`Code analysis is unavailable: ${waiting} analyses are already waiting in the queue`);
    const replies: WorkerReply[] = [];
    const stop = new AbortController();
    let started = false;
    let cut = false;
    let timer: NodeJS.Timeout | undefined;
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (reply: WorkerReply) => {
      if (reply.kind !== 'started') replies.push(reply);
      else if (!started) {
        started = true;
        timer = setTimeout(() => {
          cut = true;
          stop.abort();
        }, timeoutMs);
      }
    });
    const onAbort = () => stop.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    this.inFlight++;
    try {
      const final = await this.pool().run({ ...input, port: port2 }, { transferList: [port2], signal: stop.signal });
      return outcome(input, final, []);
    } catch (error) {
      if (signal?.aborted) throw abortError();
      if (cut) return outcome(input, replies, input.analysers);
      const message = error instanceof Error ? error.message : String(error);
      // A worker that cannot start would fail every task the same way; say so.
      if (!started) throw new Error(`Code analysis is unavailable: ${message}`);
      return outcome(input, [...replies, ...input.analysers.map((analyser) => ({ kind: 'failed' as const, analyser, message }))], []);
    } finally {
      this.inFlight--;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      port1.close();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.piscina?.destroy();
  }

  private pool(): Piscina<WorkerRun, WorkerReply[]> {
    const size = Math.max(1, this.options.size ?? 1);
    this.piscina ??= new Piscina<WorkerRun, WorkerReply[]>({
      ...workerEntry(),
      minThreads: size,
      maxThreads: size,
      concurrentTasksPerWorker: 1,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 512 },
    });
    return this.piscina;
  }
}

/**
 * The result from what the worker reported: an analyser's first outcome counts; `unfinished` (on
 * a cut) names the analysers that did not report as timed out.
 */
function outcome(input: WorkerTask, replies: WorkerReply[], unfinished: WorkerAnalyser[]): PoolRunResult {
  const result: PoolRunResult = { completed: [], timedOut: [], failed: [] };
  const seen = new Set<WorkerAnalyser>();
  for (const reply of replies) {
    if (reply.kind === 'started' || seen.has(reply.analyser)) continue;
    seen.add(reply.analyser);
    if (reply.kind === 'partial') result.completed.push({ analyser: reply.analyser, findings: reply.findings, ms: reply.ms });
    else result.failed.push({ analyser: reply.analyser, message: reply.message });
  }
  result.timedOut = unfinished.filter((analyser) => !seen.has(analyser));
  return result;
}

function abortError(): Error {
  const error = new Error('The code analysis was cancelled');
  error.name = 'AbortError';
  return error;
}

/**
 * The compiled service runs analysis-worker.js directly. Under ts-jest the sources are .ts and
 * the worker thread does not inherit Jest's transform, so a small bootstrap (written once to the
 * temporary directory) transpiles our .ts modules with the typescript package (already a runtime
 * dependency) as they are required.
 */
function workerEntry(): { filename: string; workerData?: { entry: string } } {
  if (!__filename.endsWith('.ts')) return { filename: path.join(__dirname, 'analysis-worker.js') };
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
    module.exports = require(workerData.entry);`;
  const filename = path.join(os.tmpdir(), `medcor-analysis-worker-${createHash('sha256').update(bootstrap).digest('hex').slice(0, 12)}.js`);
  writeFileSync(filename, bootstrap);
  return { filename, workerData: { entry: path.join(__dirname, 'analysis-worker.ts') } };
}
