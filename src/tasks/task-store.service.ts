import { Injectable } from '@nestjs/common';
import type { Result } from 'ioredis';
import { AppConfigService } from '../core/config';
import { SealerService } from '../core/crypto/sealer.service';
import { keySlot } from '../core/redis/redis-connection';
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
/**
 * On a Redis Cluster the open-task index is split in this many sorted sets, and a task's keys carry
 * the hash tag of its index's set, so each script touches one slot and a master that dies takes a
 * task's record and its index entry together (never one without the other: a record left out of
 * the index would never be swept). The sets spread over the masters.
 */
const OPEN_INDEX_SHARDS = 16;

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
    this.redis.defineCommand('medcorCreateTask', { numberOfKeys: 3, lua: CREATE_TASK });
    this.redis.defineCommand('medcorUpdateTask', { numberOfKeys: 4, lua: UPDATE_TASK });
  }

  // Every key of a task is built here. On a cluster: `<prefix>:task:{tasks-<n>}:<id>…`, the tag
  // of the task's open-index shard (OPEN_INDEX_SHARDS); elsewhere `<prefix>:task:<id>…`.
  private shard(taskId: string): string | null {
    return this.redis.clustered ? `{tasks-${keySlot(taskId) % OPEN_INDEX_SHARDS}}` : null;
  }

  private base(taskId: string): string {
    const shard = this.shard(taskId);
    return shard ? this.redis.key('task', shard, taskId) : this.redis.key('task', taskId);
  }

  taskKey(taskId: string): string {
    return this.base(taskId);
  }

  eventsKey(taskId: string): string {
    return `${this.base(taskId)}:events`;
  }

  /** The index (sorted set by creation time, ms) of open tasks that holds this task. */
  openKey(taskId: string): string {
    const shard = this.shard(taskId);
    return shard ? this.redis.key('tasks', 'open', shard) : this.redis.key('tasks', 'open');
  }

  /** Every index of open tasks (one, or the cluster's shards). */
  openKeys(): string[] {
    if (!this.redis.clustered) return [this.redis.key('tasks', 'open')];
    return Array.from({ length: OPEN_INDEX_SHARDS }, (_, n) => this.redis.key('tasks', 'open', `{tasks-${n}}`));
  }

  private tombstoneKey(taskId: string): string {
    return `${this.base(taskId)}:gone`;
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
    const keys = [this.taskKey(task.taskId), this.eventsKey(task.taskId), this.openKey(task.taskId)];
    // With REDIS_WAIT_REPLICAS, on a replica before the submit is answered (else undone: a 503).
    await this.redis.writeDurably(
      keys.slice(0, 1),
      (conn) =>
        RedisService.guard(() => conn.medcorCreateTask(...keys, ttl, JSON.stringify(event), Date.now(), task.taskId, ...Object.entries(fields).flat())),
      () => this.discard(task.taskId),
    );
  }

  /** Removes a record whose job never made it into the queue (nothing half-written). */
  async discard(taskId: string): Promise<void> {
    await this.redis.client
      .multi()
      .del(this.taskKey(taskId), this.eventsKey(taskId))
      .zrem(this.openKey(taskId), taskId)
      .exec()
      .catch(() => undefined);
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
        this.openKey(taskId),
        finalTtl,
        finalTtl > 0 ? '1' : '0',
        finalTtl + TOMBSTONE_EXTRA_SECONDS,
        typeof event === 'string' ? event : JSON.stringify(event),
        taskId,
        ...Object.entries(fields).flat(),
      ),
    )) as [UpdateOutcome, string?];
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
