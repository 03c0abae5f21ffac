import { Injectable } from '@nestjs/common';
import type { Result } from 'ioredis';
import { AppConfigService } from '../core/config';
import { SealerService } from '../core/crypto/sealer.service';
import { RedisService } from '../core/redis/redis.service';
import { TaskKind } from './queue-names';
import { CREATE_TASK, UPDATE_TASK } from './task-store.lua';
import { FINAL_STATUSES, TaskStatus } from './task-status';

/**
 * Results of these kinds can hold patient data, sealed at rest: analyses, query rows, and general
 * answers (re-identified for their caller, and written by an agent that may have read patient tables).
 */
const SEALED_KINDS: ReadonlySet<TaskKind> = new Set<TaskKind>(['medical', 'database', 'query']);

/** How long a record lives before it reaches a final state (its type's TTL starts then). */
const OPEN_TASK_TTL_SECONDS = 7 * 24 * 3600;
/** How long we remember that a finished task existed, to say "expired" rather than "unknown". */
const TOMBSTONE_EXTRA_SECONDS = 7 * 24 * 3600;

export interface NewTask {
  taskId: string;
  kind: TaskKind;
  owner: string;
  requestId?: string;
  routing?: unknown;
  priority?: string;
  /** Seconds until it may start (scheduled tasks). */
  delaySeconds?: number;
  /** The Bull job that runs it, when its id is not the task id (runs of schedules). */
  jobId?: string;
}

export interface TaskView {
  taskId: string;
  kind: TaskKind;
  owner: string;
  status: TaskStatus;
  message: string;
  progress: number;
  result: unknown;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  requestId?: string;
  routing?: unknown;
}

/** What a status poll shows, with the result as JSON text (opened when sealed, never parsed). */
export interface TaskStatusFields {
  kind: string;
  owner: string;
  status: string;
  message: string;
  progress: number;
  resultJson: string;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

const TASK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Task ids are UUIDs; anything else cannot name a task (and is never looked up). */
export function isTaskId(id: string): boolean {
  return TASK_ID.test(id);
}

const STATUS_FIELDS = ['kind', 'owner', 'status', 'message', 'progress', 'result', 'sealed', 'attempts', 'created_at', 'updated_at'] as const;

export interface TaskEvent {
  status: TaskStatus;
  message: string;
  progress: number;
  result?: unknown;
}

export type UpdateOutcome = 'ok' | 'final' | 'missing';

/**
 * The task records that clients poll. One hash per task (`<prefix>:task:<id>`) plus a capped
 * stream of its state changes (`…:events`) for SSE and for replay after a reconnect. Medical,
 * database and general-query results (they can hold patient data) are sealed with AES-GCM before they are written.
 */
@Injectable()
export class TaskStore {
  private readonly ttl: Record<TaskKind, number>;

  constructor(
    private readonly redis: RedisService,
    private readonly sealer: SealerService,
    config: AppConfigService,
  ) {
    this.ttl = config.all.tasks.ttlSeconds;
    this.redis.defineCommand('medcorCreateTask', { numberOfKeys: 2, lua: CREATE_TASK });
    this.redis.defineCommand('medcorUpdateTask', { numberOfKeys: 3, lua: UPDATE_TASK });
  }

  // A task's own keys share its hash tag (one cluster slot, so one script may touch them all);
  // the open index is global and is written beside the scripts, never inside them.
  taskKey(taskId: string): string {
    return this.redis.key('task', this.redis.tag(taskId));
  }

  eventsKey(taskId: string): string {
    return this.redis.key('task', this.redis.tag(taskId), 'events');
  }

  /** The tasks not yet final, scored by creation time (ms). */
  openKey(): string {
    return this.redis.key('tasks', 'open');
  }

  private tombstoneKey(taskId: string): string {
    return this.redis.key('task', this.redis.tag(taskId), 'gone');
  }

  ttlFor(kind: TaskKind): number {
    return this.ttl[kind];
  }

  async create(task: NewTask): Promise<void> {
    const now = new Date().toISOString();
    const fields: Record<string, string> = {
      kind: task.kind,
      owner: task.owner,
      status: TaskStatus.Pending,
      message: task.delaySeconds ? 'Task scheduled' : 'Task queued',
      progress: '0',
      attempts: '0',
      created_at: now,
      updated_at: now,
      priority: task.priority ?? 'normal',
    };
    if (task.requestId) fields.request_id = task.requestId;
    if (task.jobId) fields.job_id = task.jobId;
    if (task.routing !== undefined) fields.routing = JSON.stringify(task.routing);
    const event: TaskEvent = { status: TaskStatus.Pending, message: fields.message, progress: 0 };
    const ttl = OPEN_TASK_TTL_SECONDS + (task.delaySeconds ?? 0);
    const key = this.taskKey(task.taskId);
    // Indexed first (same tick, so one round trip): an index entry without a record is dropped by
    // the sweeper, a record without an index entry would never be swept.
    const indexed = this.redis.client.zadd(this.openKey(), Date.now(), task.taskId);
    const written = this.redis.writeDurably(
      key,
      (conn) => conn.medcorCreateTask(key, this.eventsKey(task.taskId), ttl, JSON.stringify(event), ...Object.entries(fields).flat()),
      (conn) => conn.del(key, this.eventsKey(task.taskId)),
    );
    const outcome = await Promise.allSettled([indexed, written]);
    const failed = outcome.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) {
      if (outcome[1].status === 'fulfilled') await this.discard(task.taskId);
      await RedisService.guard(() => Promise.reject(failed.reason));
    }
  }

  /** Removes a record whose job never made it into the queue (nothing half-written). */
  async discard(taskId: string): Promise<void> {
    await Promise.all([this.redis.client.del(this.taskKey(taskId), this.eventsKey(taskId)), this.redis.client.zrem(this.openKey(), taskId)]).catch(
      () => undefined,
    );
  }

  progress(taskId: string, progress: number, message: string, attempts?: number): Promise<UpdateOutcome> {
    const fields: Record<string, string> = {
      status: TaskStatus.Progress,
      progress: String(clampProgress(progress)),
      message,
    };
    if (attempts !== undefined) fields.attempts = String(attempts);
    return this.update(taskId, fields, { status: TaskStatus.Progress, message, progress: clampProgress(progress) });
  }

  retry(taskId: string, message: string, attempts: number): Promise<UpdateOutcome> {
    const fields = { status: TaskStatus.Retry, message, attempts: String(attempts) };
    return this.update(taskId, fields, { status: TaskStatus.Retry, message, progress: 0 });
  }

  /** Sets a final state once; later calls (a duplicate run, a late cancel) change nothing. */
  finalize(
    taskId: string,
    kind: TaskKind,
    status: TaskStatus.Success | TaskStatus.Failure | TaskStatus.Cancelled,
    message: string,
    result: unknown,
  ): Promise<UpdateOutcome> {
    const sealed = SEALED_KINDS.has(kind);
    const encoded = sealed ? this.sealer.seal(result) : JSON.stringify(result);
    const progress = status === TaskStatus.Success ? 100 : undefined;
    const fields: Record<string, string> = { status, message, result: encoded, sealed: sealed ? '1' : '0' };
    if (progress !== undefined) fields.progress = '100';
    const event = `{"status":${JSON.stringify(status)},"message":${JSON.stringify(message)},"progress":${
      progress ?? -1
    },"result":${sealed ? JSON.stringify(encoded) : encoded}${sealed ? ',"sealed":true' : ''}}`;
    return this.update(taskId, fields, event, this.ttl[kind]);
  }

  async get(taskId: string): Promise<TaskView | null> {
    const h = await RedisService.guard(() => this.redis.client.hgetall(this.taskKey(taskId)));
    if (!h.status) return null;
    return this.toView(taskId, h);
  }

  /**
   * The status poll's read: only the fields it shows (HMGET), and the result left as the JSON
   * text it is stored as, so a poll does not parse a result only to serialise it again.
   */
  async statusFields(taskId: string): Promise<TaskStatusFields | null> {
    const [kind, owner, status, message, progress, result, sealed, attempts, createdAt, updatedAt] = await RedisService.guard(() =>
      this.redis.client.hmget(this.taskKey(taskId), ...STATUS_FIELDS),
    );
    if (!status) return null;
    return {
      kind: kind ?? '',
      owner: owner ?? '',
      status,
      message: message ?? '',
      progress: Number(progress) || 0,
      resultJson: result ? (sealed === '1' ? this.sealer.openText(result) : result) : 'null',
      attempts: Number(attempts) || 0,
      createdAt: createdAt ?? '',
      updatedAt: updatedAt ?? '',
    };
  }

  /** Who owns a task (one HGET), for endpoints that only need to check access. */
  async owner(taskId: string): Promise<string | null> {
    return RedisService.guard(() => this.redis.client.hget(this.taskKey(taskId), 'owner'));
  }

  async status(taskId: string): Promise<TaskStatus | null> {
    const s = await RedisService.guard(() => this.redis.client.hget(this.taskKey(taskId), 'status'));
    return (s as TaskStatus | null) ?? null;
  }

  /** The owner of a task that has finished and expired, if we still remember it. */
  async expiredOwner(taskId: string): Promise<string | null> {
    return RedisService.guard(() => this.redis.client.get(this.tombstoneKey(taskId)));
  }

  /** Decodes an event as stored in the stream (opening a sealed result). */
  decodeEvent(raw: string): TaskEvent {
    const event = JSON.parse(raw) as TaskEvent & { sealed?: boolean };
    if (event.sealed && typeof event.result === 'string') event.result = this.sealer.open(event.result);
    delete event.sealed;
    if (event.progress === -1) delete (event as Partial<TaskEvent>).progress;
    return event;
  }

  toView(taskId: string, h: Record<string, string>): TaskView {
    let result: unknown = null;
    if (h.result) result = h.sealed === '1' ? this.sealer.open(h.result) : JSON.parse(h.result);
    return {
      taskId,
      kind: h.kind as TaskKind,
      owner: h.owner,
      status: h.status as TaskStatus,
      message: h.message ?? '',
      progress: Number(h.progress ?? 0),
      result,
      attempts: Number(h.attempts ?? 0),
      createdAt: h.created_at,
      updatedAt: h.updated_at,
      requestId: h.request_id,
      routing: h.routing ? JSON.parse(h.routing) : undefined,
    };
  }

  static isFinal(status: TaskStatus | null): boolean {
    return status !== null && FINAL_STATUSES.has(status);
  }

  private async update(
    taskId: string,
    fields: Record<string, string>,
    event: TaskEvent | string,
    finalTtl = 0,
  ): Promise<UpdateOutcome> {
    fields.updated_at = new Date().toISOString();
    const reply = (await RedisService.guard(() =>
      this.redis.client.medcorUpdateTask(
        this.taskKey(taskId),
        this.eventsKey(taskId),
        this.tombstoneKey(taskId),
        finalTtl,
        finalTtl > 0 ? '1' : '0',
        finalTtl + TOMBSTONE_EXTRA_SECONDS,
        typeof event === 'string' ? event : JSON.stringify(event),
        ...Object.entries(fields).flat(),
      ),
    )) as [UpdateOutcome, string?];
    // Out of the open index once final (or gone), behind the answer: an entry left over is
    // dropped by the sweeper, which finds the record final.
    if (finalTtl > 0 || reply[0] === 'missing') void this.redis.client.zrem(this.openKey(), taskId).catch(() => undefined);
    return reply[0];
  }
}

function clampProgress(p: number): number {
  return Math.max(0, Math.min(100, Math.round(p)));
}

declare module 'ioredis' {
  interface RedisCommander<Context> {
    medcorCreateTask(...args: (string | number)[]): Result<number, Context>;
    medcorUpdateTask(...args: (string | number)[]): Result<[string, string?], Context>;
  }
}
