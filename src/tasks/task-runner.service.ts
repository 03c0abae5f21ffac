import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Job } from 'bull';
import { AppConfigService } from '../core/config';
import { UserRolesLedger } from '../core/auth/user-roles.ledger';
import { SealerService } from '../core/crypto/sealer.service';
import { DurationSamples } from './dispatcher/duration-samples';
import { AppError, ErrorCode, redactedStack } from '../core/errors';
import { MetricsService } from '../core/metrics/metrics.service';
import { HandedBackError, JobHandback } from './job-handback.service';
import { JobData, JobMeta, JobPayloads } from './job-payloads';
import { JobName, TaskKind } from './queue-names';
import { openJobInput } from './sealed-job-input';
import { TaskAbortRegistry } from './task-abort.registry';
import { TASK_FINAL_HOOK, TASK_REPEAT_HOOK } from './task-hooks';
import type { TaskFinalHook, TaskRepeatHook } from './task-hooks';
import { TaskStatus } from './task-status';
import { sealsResultsOf, TaskStore } from './task-store.service';

export interface TaskContext<N extends JobName> {
  taskId: string;
  meta: JobMeta;
  input: JobPayloads[N];
  /** Aborts on cancel and on the type's timeout; pass it to every LLM and MCP call. */
  signal: AbortSignal;
  /** 1-based attempt number. */
  attempt: number;
  progress(percent: number, message: string): Promise<void>;
}

export interface TaskOutcome {
  message: string;
  result: unknown;
}

/** The least time between two tries of a task-store write that found the store unreachable. */
const RETRY_STORE_MS = 250;

const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/**
 * Runs one job for a processor: status PROGRESS → SUCCESS | RETRY | FAILURE in the task store,
 * retries only transient errors (Bull's exponential backoff), fails permanent ones at once, and
 * enforces the type's timeout. Processors stay thin: they call `run` with the domain service.
 */
@Injectable()
export class TaskRunner {
  private readonly logger = new Logger(TaskRunner.name);

  constructor(
    private readonly store: TaskStore,
    private readonly aborts: TaskAbortRegistry,
    private readonly config: AppConfigService,
    private readonly handback: JobHandback,
    private readonly sealer: SealerService,
    // Optional so the runner's unit spec can build it without a registry.
    @Optional() private readonly metrics?: MetricsService,
    @Optional() @Inject(TASK_REPEAT_HOOK) private readonly repeatHook?: TaskRepeatHook,
    @Optional() @Inject(TASK_FINAL_HOOK) private readonly finalHook?: TaskFinalHook,
    // Adaptive routing learns from background runs too (their work, not their queue wait).
    @Optional() private readonly durations?: DurationSamples,
    // A delayed task runs only while its requester still holds the roles it was submitted with.
    @Optional() private readonly rolesLedger?: UserRolesLedger,
  ) {}

  async run<N extends JobName>(job: Job<JobData<N>>, work: (ctx: TaskContext<N>) => Promise<TaskOutcome>): Promise<void> {
    // A stopping worker runs nothing more: a job that still reaches it goes straight back,
    // untouched. When even that fails (Bull is closing the connection it would use), the job is
    // left as it is: its lock runs out and another worker's stalled check takes it. Either way the
    // run is parked, never settled: a settled run makes Bull complete the job (and delete it) if
    // its lock carries this process's token, and another of this process's fetch loops may have
    // taken the handed-back job again in the meantime, with that same token. The process exits
    // within the grace's last moments.
    if (this.handback.stopping) {
      if (!(await this.handback.moveBack(job))) {
        this.logger.warn({ jobId: job.id }, 'A job reached this stopping worker and could not be handed back: left to its lock expiry');
      }
      return parked();
    }
    let { meta } = job.data;
    if (job.opts.repeat && this.repeatHook) {
      // A run of a recurring schedule: Bull repeats one payload, so each run gets its own task here.
      const run = await this.repeatHook.startRun(job as Job<JobData>);
      if (!run) return;
      meta = run;
    }
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;

    // One round trip both marks the start and tells whether the task is still open: a duplicate
    // delivery of a finished task, or one cancelled before it started, has nothing to do.
    // The store's connection may be down while Bull's are up (see stored): wait for it rather than
    // spend an attempt.
    const startedAs = await this.stored(meta, () =>
      this.store.progress(meta.taskId, 1, attempt > 1 ? `Started (attempt ${attempt} of ${maxAttempts})` : 'Started', attempt),
    );
    if (startedAs !== 'ok') return;

    const controller = new AbortController();
    const timeoutSeconds = this.config.all.tasks.timeoutSeconds[meta.kind];
    const timer = setTimeout(
      () => controller.abort(new AppError(ErrorCode.Timeout, `The task did not finish within its ${timeoutSeconds} s limit`)),
      timeoutSeconds * 1000,
    );
    const unregister = this.aborts.register(meta.taskId, controller);
    const untrack = this.handback.track(job, controller);

    const ctx: Omit<TaskContext<N>, 'input'> = {
      taskId: meta.taskId,
      meta,
      signal: controller.signal,
      attempt,
      progress: async (percent, message) => {
        if (controller.signal.aborted) return;
        await this.store.progress(meta.taskId, percent, message);
        void job.progress(percent).catch(() => undefined);
      },
    };

    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      this.logger.log({ taskId: meta.taskId, requestId: meta.requestId, kind: meta.kind, attempt }, 'Task started');
      if (!job.opts.repeat && (job.opts.delay ?? 0) > 0) await this.assertRolesStillHeld(meta);
      const input = openJobInput<JobPayloads[N]>(this.sealer, meta, job.data.input);
      const outcome = await abortable(work({ ...ctx, input }), controller.signal);
      // Only the run that wrote the final state notifies: a duplicate run sends no second webhook.
      // The work is done: its result waits for the store rather than being thrown away with an attempt.
      const written = await this.stored(meta, () =>
        this.store.finalize(meta.taskId, meta.kind, TaskStatus.Success, outcome.message, outcome.result, meta.requester.userId),
      );
      if (written === 'ok') this.notifyFinal(meta.taskId);
      this.metrics?.taskDuration.observe({ type: meta.kind, outcome: 'success' }, seconds());
      this.durations?.record(meta.kind, seconds());
      this.logger.log({ taskId: meta.taskId, requestId: meta.requestId, kind: meta.kind, attempt }, 'Task succeeded');
    } catch (raw) {
      if (controller.signal.reason instanceof HandedBackError) {
        // The job is in the queue again and another worker may hold it: nothing is ours to write.
        // Nor may Bull write anything for this run: if this very process took the job again
        // (a blocking pop still waiting at the hand-back), it holds the job's lock with the same
        // token, and completing this run would complete, and delete, that job. The run is parked;
        // the hand-back happens only when the process is about to exit.
        this.logger.warn({ taskId: meta.taskId, requestId: meta.requestId, attempt }, 'Task handed back to its queue');
        return parked();
      }
      const error = controller.signal.aborted && controller.signal.reason instanceof AppError ? controller.signal.reason : raw;
      const outcome = await this.onError(job, meta, error, attempt, maxAttempts);
      if (outcome !== 'retry') this.notifyFinal(meta.taskId);
      if (outcome === 'retry') this.metrics?.taskRetries.inc({ type: meta.kind });
      else this.metrics?.taskDuration.observe({ type: meta.kind, outcome }, seconds());
      if (outcome === 'failure') this.durations?.record(meta.kind, seconds());
      throw forBull(meta.kind, error);
    } finally {
      clearTimeout(timer);
      unregister();
      untrack();
    }
  }

  private async onError(
    job: Job,
    meta: JobMeta,
    error: unknown,
    attempt: number,
    maxAttempts: number,
  ): Promise<'cancelled' | 'retry' | 'failure'> {
    const { message, code } = describe(error);
    // The record's message is clear text at rest: for a sealed kind it names the code, and the
    // error's own text (which may quote patient data) is only in the sealed result.
    const said = sealsResultsOf(meta.kind) ? code : message;
    if (code === ErrorCode.Cancelled) {
      // The cancel request already wrote CANCELLED; make sure Bull does not retry.
      job.discard();
      return 'cancelled';
    }
    if (TaskRunner.isTransient(error) && attempt < maxAttempts) {
      this.logger.warn({ taskId: meta.taskId, requestId: meta.requestId, attempt, code }, 'Task attempt failed; retrying');
      await this.stored(meta, () => this.store.retry(meta.taskId, `Attempt ${attempt} of ${maxAttempts} failed (${said}); retrying`, attempt));
      return 'retry';
    }
    job.discard();
    if (code === ErrorCode.Internal) {
      // A bug, not bad luck: the stack (frames only, no messages) is what finds it.
      this.logger.error({ taskId: meta.taskId, requestId: meta.requestId, attempt, code, stack: redactedStack(error) }, 'Task failed with an unexpected error');
    } else {
      this.logger.warn({ taskId: meta.taskId, requestId: meta.requestId, attempt, code }, 'Task failed');
    }
    const hint = TaskRunner.isTransient(error) ? ` after ${attempt} attempts` : '';
    const summary = sealsResultsOf(meta.kind) ? `Task failed${hint} (${code}); the error is in result.error` : `Task failed${hint}: ${message}`;
    const result = { success: false, error: message, code, attempts: attempt };
    await this.stored(meta, () => this.store.finalize(meta.taskId, meta.kind, TaskStatus.Failure, summary, result, meta.requester.userId));
    return 'failure';
  }

  /**
   * A write to the task store that waits out an outage of the store's connection instead of
   * failing at once. Bull hands this process jobs over connections of its own, which come back
   * from a Redis outage on their own schedule, and without a ready check (usable while Redis is
   * still loading its data, when ours waits): a job can arrive while the store's connection is
   * not ready yet, for up to seconds. Failing the write then failed the attempt, and with the
   * short backoff every attempt went within those seconds; Bull then failed the job and the
   * sweeper the task (`internal_error`, "failed without reporting a result"), though Redis was
   * back. So a write refused because the store is unreachable is tried again once the
   * connection is ready (at most every RETRY_STORE_MS), for as long as a run of the task's kind
   * may last (its timeout); only then does the store's error fail the attempt, as before.
   */
  private async stored<T>(meta: JobMeta, write: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.config.all.tasks.timeoutSeconds[meta.kind] * 1000;
    for (let waited = false; ; ) {
      try {
        const written = await write();
        if (waited) this.logger.log({ taskId: meta.taskId, requestId: meta.requestId }, 'Task store reachable again; task continues');
        return written;
      } catch (error) {
        const left = deadline - Date.now();
        if (!(error instanceof AppError && error.code === ErrorCode.QueueUnavailable) || left <= 0) throw error;
        if (!waited) this.logger.warn({ taskId: meta.taskId, requestId: meta.requestId }, 'Task store unreachable; waiting for it');
        waited = true;
        const [ready] = await Promise.all([this.store.whenReachable(left), sleep(Math.min(RETRY_STORE_MS, left))]);
        if (!ready) throw error;
      }
    }
  }

  /**
   * A task submitted with run_at / delay_seconds may fall due up to 30 days later: it runs only if
   * its requester, as last seen on an authenticated request (UserRolesLedger), still holds every role
   * it was submitted with, as a schedule's run does. Otherwise it fails as forbidden (not retried).
   * Role names only in the message: they are not patient data.
   */
  private async assertRolesStillHeld(meta: JobMeta): Promise<void> {
    const submitted = meta.requester.roles;
    if (!this.rolesLedger || submitted.length === 0) return;
    const lost = await this.rolesLedger.lostRoles(meta.requester.userId, submitted);
    if (lost?.length === 0) return;
    throw new AppError(
      ErrorCode.Forbidden,
      lost
        ? `Not run: the requester no longer has the role${lost.length > 1 ? 's' : ''} ${lost.join(', ')} this delayed task was submitted with`
        : "Not run: the requester's roles could not be confirmed when this delayed task fell due",
    );
  }

  /** Webhooks and the like: never delays the next job, never fails this one. */
  private notifyFinal(taskId: string): void {
    this.finalHook?.onFinal(taskId).catch(() => this.logger.warn({ taskId }, 'Final-state hook failed'));
  }

  static isTransient(error: unknown): boolean {
    if (error instanceof AppError) return error.transient;
    const code = (error as { code?: string } | null)?.code;
    return typeof code === 'string' && NETWORK_ERRORS.has(code);
  }
}

/**
 * What Bull stores of a failed attempt (`failedReason`, `stacktrace`: clear text in Redis for a
 * day, shown on the dashboard) says what the task record's clear message says: for a sealed kind,
 * or an unexpected error, the code only. Transience and Retry-After are kept for the backoff.
 */
function forBull(kind: TaskKind, error: unknown): unknown {
  if (error instanceof AppError && !sealsResultsOf(kind)) return error;
  const { code } = describe(error);
  const transient = TaskRunner.isTransient(error);
  const retryAfterSeconds = error instanceof AppError ? error.retryAfterSeconds : undefined;
  return new AppError(code as ErrorCode, `Task attempt failed (${code})`, { transient, retryAfterSeconds });
}

/** A run that never ends, so that Bull records nothing for it (see its two callers). */
function parked(): Promise<never> {
  return new Promise<never>(() => undefined);
}

function describe(error: unknown): { message: string; code: string } {
  if (error instanceof AppError) return { message: error.message, code: error.code };
  return { message: 'Unexpected internal error', code: ErrorCode.Internal };
}

/** Rejects as soon as the signal aborts, even if the work ignores the signal. */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
