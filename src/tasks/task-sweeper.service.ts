import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Job } from 'bull';
import { randomUUID } from 'node:crypto';
import { AppConfigService } from '../core/config';
import { ErrorCode } from '../core/errors';
import { RedisService } from '../core/redis/redis.service';
import { JobData } from './job-payloads';
import { TaskKind } from './queue-names';
import { QueueRegistry } from './queue-registry.service';
import { TaskCancellationService } from './task-cancellation.service';
import { TASK_FINAL_HOOK } from './task-hooks';
import type { TaskFinalHook } from './task-hooks';
import { TaskStatus } from './task-status';
import { TaskStore } from './task-store.service';

/** Bull's error for a job it failed after too many stalls (bull/lib/queue.js). */
const STALLED_MESSAGE = 'job stalled more than allowable limit';
/** A PENDING record is written just before its job is added (the add may take up to 3 s). */
const PENDING_GRACE_MS = 5000;
const BATCH = 200;
/** Tasks checked per sweep at most (shared by the index shards): the sweep's bound under a backlog. */
const MAX_PER_SWEEP = 5000;

type Verdict = { code: ErrorCode; message: string } | null;

/**
 * Ends tasks that nothing will end: a record not yet final whose Bull job is gone (deleted, lost
 * with Redis data) or failed without the runner writing it (Bull gives up on a job that stalled
 * more than maxStalledCount times, and never calls the processor again). Runs in workers, one at
 * a time across the fleet (a Redis lock), every half stalled interval, over the index of open
 * tasks the task store keeps; Bull's `failed` event for a stalled job triggers a check at once.
 * The first final state wins, so a run that does finish after all changes nothing.
 */
@Injectable()
export class TaskSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TaskSweeper.name);
  private readonly id = randomUUID();
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  /** Replaceable in specs, which cannot queue 5,000 tasks each. */
  maxPerSweep = MAX_PER_SWEEP;

  constructor(
    private readonly redis: RedisService,
    private readonly store: TaskStore,
    private readonly queues: QueueRegistry,
    private readonly config: AppConfigService,
    @Optional() @Inject(TASK_FINAL_HOOK) private readonly finalHook?: TaskFinalHook,
  ) {}

  get periodMs(): number {
    return Math.max(250, Math.floor(this.config.all.tasks.stalledIntervalMs / 2));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.periodMs);
    this.timer.unref();
    for (const { queue } of this.queues.all()) {
      queue.on('failed', (job: Job<JobData>, error: Error) => {
        const taskId = job?.data?.meta?.taskId;
        if (error?.message === STALLED_MESSAGE && taskId) void this.sweepIds([taskId]).catch(() => undefined);
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One sweep if no other worker swept within the last period; the number of tasks ended. */
  async tick(): Promise<number> {
    if (this.running) return 0;
    const work = (async () => {
      const lock = await this.redis.client.set(this.redis.key('tasks', 'sweeper'), this.id, 'PX', this.periodMs - 50, 'NX');
      return lock === 'OK' ? this.sweep() : 0;
    })();
    this.running = work;
    try {
      return await work.catch((error: unknown) => {
        this.logger.debug({ error: (error as Error).message }, 'Task sweep skipped');
        return 0;
      });
    } finally {
      this.running = undefined;
    }
  }

  /**
   * Checks the open tasks, soonest due first in each index shard (TaskStore.openKey), a bounded
   * number per sweep shared evenly by the shards: none waits behind a full one, and no more ids
   * are read than are swept. Tasks delayed by run_at / delay_seconds sort by when they fall due,
   * so however many one user parks (up to 30 days ahead) they never stand between the sweep and
   * a task whose job vanished; they are checked when they fall due, or earlier while the sweep
   * has room to spare.
   */
  async sweep(): Promise<number> {
    const keys = this.store.openKeys();
    const perShard = Math.ceil(this.maxPerSweep / keys.length);
    const shards = await Promise.all(keys.map((key) => this.redis.client.zrange(key, 0, perShard - 1)));
    const ids = shards.flat().slice(0, this.maxPerSweep);
    let ended = 0;
    for (let i = 0; i < ids.length; i += BATCH) ended += await this.sweepIds(ids.slice(i, i + BATCH));
    return ended;
  }

  private async sweepIds(taskIds: string[]): Promise<number> {
    const client = this.redis.client;
    // One command per key rather than a pipeline over many tasks: auto-pipelining still sends
    // them in one write, and no command spans two tasks (or two slots on a cluster). A failed
    // read ends the sweep (the next one retries) rather than reading as a missing job.
    const records = await Promise.all(taskIds.map((id) => client.hmget(this.store.taskKey(id), 'status', 'kind', 'job_id', 'created_at')));
    const open: { taskId: string; kind: TaskKind; jobKey: string; failedKey: string; jobId: string; young: boolean }[] = [];
    const gone: string[] = [];
    taskIds.forEach((taskId, i) => {
      const [status, kind, jobId, createdAt] = records[i];
      if (!status || TaskStore.isFinal(status as TaskStatus)) return void gone.push(taskId);
      // A PENDING record may be a moment older than its job; a started one had a job.
      const young = status === TaskStatus.Pending && Date.now() - Date.parse(createdAt ?? '') < PENDING_GRACE_MS;
      const queue = this.queues.forKind(kind as TaskKind);
      if (!queue) return void gone.push(taskId);
      const id = jobId ?? taskId;
      open.push({ taskId, kind: kind as TaskKind, jobId: id, jobKey: queue.toKey(id), failedKey: queue.toKey('failed'), young });
    });
    const goneByIndex = new Map<string, string[]>();
    for (const id of gone) goneByIndex.set(this.store.openKey(id), [...(goneByIndex.get(this.store.openKey(id)) ?? []), id]);
    await Promise.all([...goneByIndex].map(([key, ids]) => client.zrem(key, ...ids)));
    if (!open.length) return 0;
    const jobs = await Promise.all(
      open.map((t) => Promise.all([client.exists(t.jobKey), client.zscore(t.failedKey, t.jobId), client.hget(t.jobKey, 'failedReason')])),
    );
    let ended = 0;
    for (const [i, task] of open.entries()) {
      const [existing, failedScore, failedReason] = jobs[i];
      const exists = existing === 1;
      const failed = failedScore !== null;
      const reason = failedReason ?? '';
      if (!exists && task.young) continue;
      const verdict = TaskSweeper.verdict(exists, failed, reason);
      if (verdict && (await this.fail(task.taskId, task.kind, verdict))) ended++;
    }
    return ended;
  }

  static verdict(jobExists: boolean, jobFailed: boolean, failedReason: string): Verdict {
    if (!jobExists) return { code: ErrorCode.JobLost, message: 'Task failed: its job is no longer in the queue, so it will not run' };
    if (!jobFailed) return null;
    if (failedReason === STALLED_MESSAGE) {
      return { code: ErrorCode.JobStalled, message: 'Task failed: the workers running it stopped responding too many times' };
    }
    return { code: ErrorCode.Internal, message: 'Task failed: its job failed without reporting a result' };
  }

  private async fail(taskId: string, kind: TaskKind, verdict: { code: ErrorCode; message: string }): Promise<boolean> {
    const outcome = await this.store.finalize(taskId, kind, TaskStatus.Failure, verdict.message, {
      success: false,
      error: verdict.message,
      code: verdict.code,
    });
    if (outcome !== 'ok') return false;
    this.logger.warn({ taskId, code: verdict.code }, 'Task ended by the sweeper');
    // A worker may still run a job whose keys vanished: it stops rather than working for nothing.
    await this.redis.client.publish(TaskCancellationService.channel(this.redis), taskId).catch(() => undefined);
    await this.finalHook?.onFinal(taskId).catch(() => undefined);
    return true;
  }
}
