import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Result } from 'ioredis';
import { AppConfigService } from '../core/config';
import { SealerService } from '../core/crypto/sealer.service';
import { AppError, ErrorCode } from '../core/errors';
import { keySlot } from '../core/redis/redis-connection';
import { RedisService } from '../core/redis/redis.service';
import { TaskKind } from './queue-names';
import { CHUNK_BYTES, CREATE_TASK, MAX_CHUNKS, REMEMBER_TASK, UPDATE_TASK } from './task-store.lua';
import { FINAL_STATUSES, TaskStatus } from './task-status';

/**
 * Results of every kind can hold patient data, sealed at rest: analyses, query rows, general
 * answers (re-identified for their caller, and written by an agent that may have read patient
 * tables), and code reviews (an analyser's message quotes the code's literals, names included).
 */
const SEALED_KINDS: ReadonlySet<TaskKind> = new Set<TaskKind>(['medical', 'database', 'query', 'code']);

/**
 * Whether a kind's results are sealed at rest. Its record's `message` stays readable in Redis and
 * in the event stream, so what it says of an error must not come from the error's text (a SQL
 * error quotes values, a tool's names what it looked for): the text goes in the sealed result.
 */
export function sealsResultsOf(kind: TaskKind): boolean {
  return SEALED_KINDS.has(kind);
}

/**
 * What a task's sealed result is sealed for: its task and owner. Rewriting the record's `owner` in
 * Redis, or copying the result into another record, leaves a result no status poll opens.
 */
function resultContext(taskId: string, owner: string): string {
  return `task:${taskId}:${owner}`;
}

/** How long a record lives before it reaches a final state (its type's TTL starts then). */
const OPEN_TASK_TTL_SECONDS = 7 * 24 * 3600;
/** How long we remember that a finished task existed, to say "expired" rather than "unknown". */
const TOMBSTONE_EXTRA_SECONDS = 7 * 24 * 3600;
/**
 * How long a finished task's event stream outlives its final entry: live followers have read it
 * by then; later replays are served from the record (see UPDATE_TASK).
 */
const EVENTS_GRACE_SECONDS = 10;
/**
 * On a Redis Cluster the open-task index is split in this many sorted sets, and a task's keys carry
 * the hash tag of its index's set: a task's record and its index entry are then on one master,
 * which a failover loses together or not at all (a record left out of the index would never be
 * swept). The sets spread over the masters.
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

/**
 * A new task id: a UUID version 7 (RFC 9562), whose first 48 bits are its creation time in ms
 * and the rest random (74 bits). The time lets the store find a task's tombstone bucket from the
 * id alone.
 */
export function newTaskId(now = Date.now()): string {
  const random = randomUUID();
  const ms = now.toString(16).padStart(12, '0');
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}

/** The creation hour of a version-7 task id; undefined for other ids (older tasks, tests). */
function createdHour(taskId: string): number | undefined {
  if (taskId[14] !== '7') return undefined;
  return Math.floor(parseInt(taskId.slice(0, 8) + taskId.slice(9, 13), 16) / 3_600_000);
}

/** A long value as hash fields of at most CHUNK_BYTES (see UPDATE_TASK); short or huge ones whole. */
function chunked(name: string, value: string): string[] {
  const n = Math.ceil(value.length / CHUNK_BYTES);
  if (n <= 1 || n > MAX_CHUNKS || Buffer.byteLength(value) !== value.length) return [name, value];
  const out = [name, value.slice(0, CHUNK_BYTES)];
  for (let c = 1; c < n; c++) out.push(`${name}.${c}`, value.slice(c * CHUNK_BYTES, (c + 1) * CHUNK_BYTES));
  return out;
}

/** The field names a chunked value may use, in order. */
function chunkFields(name: string): string[] {
  return [name, ...Array.from({ length: MAX_CHUNKS - 1 }, (_, i) => `${name}.${i + 1}`)];
}

/** Joins a chunked value read with HMGET of chunkFields (a missing value is null). */
function joined(parts: (string | null)[]): string | null {
  if (parts[0] === null || parts[0] === undefined) return null;
  let out = parts[0];
  for (let i = 1; i < parts.length && parts[i]; i++) out += parts[i];
  return out;
}

const RESULT_FIELDS = chunkFields('result');
const EVENTS_FIELDS = chunkFields('events');
const STATUS_FIELDS = ['kind', 'owner', 'status', 'message', 'progress', 'sealed', 'attempts', 'created_at', 'updated_at', ...RESULT_FIELDS];

/** The final event as stored in the stream (and rebuilt from the record for a later replay). */
function finalEventJson(status: string, message: string, encodedResult: string | null, sealed: boolean): string {
  return `{"status":${JSON.stringify(status)},"message":${JSON.stringify(message)},"progress":${
    status === TaskStatus.Success ? 100 : -1
  },"result":${sealed ? JSON.stringify(encodedResult) : (encodedResult ?? 'null')}${sealed ? ',"sealed":true' : ''}}`;
}

export interface TaskEvent {
  status: TaskStatus;
  message: string;
  progress: number;
  result?: unknown;
}

export type UpdateOutcome = 'ok' | 'final' | 'missing';

/**
 * The task records that clients poll. One hash per task (`<prefix>:task:<id>`) plus a capped
 * stream of its state changes (`…:events`) for SSE and for replay after a reconnect; at the final
 * state the history moves into the hash and the stream expires (UPDATE_TASK), so a retained task
 * is one small hash (about 1 kB for a short query). Medical, database and general-query results
 * (they can hold patient data) are sealed with AES-GCM before they are written.
 */
@Injectable()
export class TaskStore {
  private readonly logger = new Logger(TaskStore.name);
  private readonly ttl: Record<TaskKind, number>;

  constructor(
    private readonly redis: RedisService,
    private readonly sealer: SealerService,
    config: AppConfigService,
  ) {
    this.ttl = config.all.tasks.ttlSeconds;
    this.redis.defineCommand('medcorCreateTask', { numberOfKeys: 2, lua: CREATE_TASK });
    this.redis.defineCommand('medcorUpdateTask', { numberOfKeys: 2, lua: UPDATE_TASK });
    this.redis.defineCommand('medcorRememberTask', { numberOfKeys: 1, lua: REMEMBER_TASK });
    // The same scripts with the global keys too (one server: see task-store.lua.ts).
    this.redis.defineCommand('medcorCreateTaskIndexed', { numberOfKeys: 3, lua: CREATE_TASK });
    this.redis.defineCommand('medcorUpdateTaskIndexed', { numberOfKeys: 4, lua: UPDATE_TASK });
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

  /**
   * The index of open tasks that holds this task: a sorted set scored by when the task falls due
   * (ms: its creation, plus its delay for one submitted with run_at / delay_seconds). The sweeper
   * reads it soonest-due first, so tasks waiting days for their run_at (their jobs alive and
   * well) sort behind every task that should be under way, and cannot crowd those out of its
   * bounded sweep.
   */
  openKey(taskId: string): string {
    const shard = this.shard(taskId);
    return shard ? this.redis.key('tasks', 'open', shard) : this.redis.key('tasks', 'open');
  }

  /** Every index of open tasks (one, or the cluster's shards). */
  openKeys(): string[] {
    if (!this.redis.clustered) return [this.redis.key('tasks', 'open')];
    return Array.from({ length: OPEN_INDEX_SHARDS }, (_, n) => this.redis.key('tasks', 'open', `{tasks-${n}}`));
  }

  /**
   * Where a finished task is remembered after its record expired: one hash per creation hour
   * (field: the id's random part, value: the owner) for version-7 ids, about 80 bytes a task and
   * one key an hour instead of a key per task; a key of its own for other ids.
   */
  private tombstone(taskId: string): { key: string; field?: string } {
    const hour = createdHour(taskId);
    if (hour === undefined) return { key: `${this.base(taskId)}:gone` };
    return { key: this.redis.key('tasks', 'gone', String(hour)), field: taskId.replace(/-/g, '').slice(12) };
  }

  ttlFor(kind: TaskKind): number {
    return this.ttl[kind];
  }

  /** True once the store's connection is ready (at once when it is), false after `timeoutMs`. */
  whenReachable(timeoutMs: number): Promise<boolean> {
    return this.redis.whenReady(timeoutMs);
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
    const dueAt = Date.now() + (task.delaySeconds ?? 0) * 1000;
    const args: (string | number)[] = [ttl, JSON.stringify(event), dueAt, task.taskId];
    // A loop, not Object.entries(fields).flat(): flat() alone was about 3 µs of every submit.
    for (const name in fields) args.push(name, fields[name]);
    // The record (one task's keys) and its entry in the open index: one script on one server; on a
    // cluster two commands sent together (the index shard is in the record's slot, so on the same
    // master: one that dies takes both or neither). With REDIS_WAIT_REPLICAS both are on a replica
    // before the submit is answered.
    await this.redis.writeDurably(
      [this.taskKey(task.taskId)],
      (client) =>
        RedisService.guard<unknown>(() =>
          this.redis.clustered
            ? Promise.all([
                client.medcorCreateTask(this.taskKey(task.taskId), this.eventsKey(task.taskId), ...args),
                client.zadd(this.openKey(task.taskId), dueAt, task.taskId),
              ])
            : client.medcorCreateTaskIndexed(this.taskKey(task.taskId), this.eventsKey(task.taskId), this.openKey(task.taskId), ...args),
        ),
      () => this.discard(task.taskId),
    );
  }

  /** Removes a record whose job never made it into the queue (nothing half-written). */
  async discard(taskId: string): Promise<void> {
    const client = this.redis.client;
    await Promise.all([client.del(this.taskKey(taskId), this.eventsKey(taskId)), client.zrem(this.openKey(taskId), taskId)]).catch(() => undefined);
  }

  progress(taskId: string, progress: number, message: string, attempts?: number): Promise<UpdateOutcome> {
    const percent = clampProgress(progress);
    const fields = ['status', TaskStatus.Progress, 'progress', String(percent), 'message', message];
    if (attempts !== undefined) fields.push('attempts', String(attempts));
    return this.update(taskId, fields, JSON.stringify({ status: TaskStatus.Progress, message, progress: percent }));
  }

  retry(taskId: string, message: string, attempts: number): Promise<UpdateOutcome> {
    const fields = ['status', TaskStatus.Retry, 'message', message, 'attempts', String(attempts)];
    return this.update(taskId, fields, JSON.stringify({ status: TaskStatus.Retry, message, progress: 0 }));
  }

  /**
   * Sets a final state once; later calls (a duplicate run, a late cancel) change nothing. A caller
   * that knows the owner (the runner: the job carries it) passes it, and the open index and the
   * tombstone are then written in the same round trip as the record.
   */
  async finalize(
    taskId: string,
    kind: TaskKind,
    status: TaskStatus.Success | TaskStatus.Failure | TaskStatus.Cancelled,
    message: string,
    result: unknown,
    owner?: string,
  ): Promise<UpdateOutcome> {
    const sealed = SEALED_KINDS.has(kind);
    // A sealed result is sealed for its owner; the callers that do not know it (the sweeper) are rare.
    const sealFor = sealed ? (owner ?? (await this.owner(taskId)) ?? '') : '';
    const encoded = sealed ? this.sealer.seal(result, resultContext(taskId, sealFor)) : JSON.stringify(result);
    const fields = ['status', status, 'message', message, 'sealed', sealed ? '1' : '0', ...chunked('result', encoded)];
    if (status === TaskStatus.Success) fields.push('progress', '100');
    return this.update(taskId, fields, finalEventJson(status, message, encoded, sealed), this.ttl[kind], owner);
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
    const [kind, owner, status, message, progress, sealed, attempts, createdAt, updatedAt, ...resultParts] = await RedisService.guard(() =>
      this.redis.client.hmget(this.taskKey(taskId), ...STATUS_FIELDS),
    );
    if (!status) return null;
    const result = joined(resultParts);
    return {
      kind: kind ?? '',
      owner: owner ?? '',
      status,
      message: message ?? '',
      progress: Number(progress) || 0,
      resultJson: result ? (sealed === '1' ? this.openResult(result, taskId, owner ?? '') : result) : 'null',
      attempts: Number(attempts) || 0,
      createdAt: createdAt ?? '',
      updatedAt: updatedAt ?? '',
    };
  }

  /** Who owns a task (one HGET), for endpoints that only need to check access. */
  async owner(taskId: string): Promise<string | null> {
    return RedisService.guard(() => this.redis.client.hget(this.taskKey(taskId), 'owner'));
  }

  /**
   * Seconds until the task's record expires: while open, 7 days plus its delay (run_at /
   * delay_seconds); once final, its result's retention. 0 for a task with no record.
   */
  async secondsLeft(taskId: string): Promise<number> {
    return Math.max(0, await RedisService.guard(() => this.redis.client.ttl(this.taskKey(taskId))));
  }

  async status(taskId: string): Promise<TaskStatus | null> {
    const s = await RedisService.guard(() => this.redis.client.hget(this.taskKey(taskId), 'status'));
    return (s as TaskStatus | null) ?? null;
  }

  /** The owner of a task that has finished and expired, if we still remember it. */
  async expiredOwner(taskId: string): Promise<string | null> {
    const { key, field } = this.tombstone(taskId);
    return RedisService.guard(() => (field ? this.redis.client.hget(key, field) : this.redis.client.get(key)));
  }

  /**
   * A finished task's events as its stream held them (`[id, eventJson]`), read from the record
   * once the stream has expired (UPDATE_TASK); empty for an open or unknown task.
   */
  async history(taskId: string): Promise<[id: string, raw: string][]> {
    const [status, message, sealed, ...parts] = await RedisService.guard(() =>
      this.redis.client.hmget(this.taskKey(taskId), 'status', 'message', 'sealed', ...RESULT_FIELDS, ...EVENTS_FIELDS),
    );
    const events = joined(parts.slice(RESULT_FIELDS.length));
    if (!status || !events || !TaskStore.isFinal(status as TaskStatus)) return [];
    const lines = events.split('\n');
    const finalId = lines.pop() ?? '';
    const out = lines.map((line): [string, string] => {
      const space = line.indexOf(' ');
      return [line.slice(0, space), line.slice(space + 1)];
    });
    out.push([finalId, finalEventJson(status, message ?? '', joined(parts.slice(0, RESULT_FIELDS.length)), sealed === '1')]);
    return out;
  }

  /** Decodes an event as stored in the stream (opening a sealed result, for the task's owner). */
  decodeEvent(raw: string, taskId: string, owner: string): TaskEvent {
    const event = JSON.parse(raw) as TaskEvent & { sealed?: boolean };
    if (event.sealed && typeof event.result === 'string') event.result = JSON.parse(this.openResult(event.result, taskId, owner));
    delete event.sealed;
    if (event.progress === -1) delete (event as Partial<TaskEvent>).progress;
    return event;
  }

  /**
   * A sealed result's JSON text. One that does not open (sealed by an earlier version of the
   * service, under another PHI_ENCRYPTION_KEY, or moved in Redis to another task or owner) is an
   * error that says so, not a bare 500: the client learns the result is gone for good, the
   * operator gets a warning naming the task (never the sealed text).
   */
  private openResult(sealed: string, taskId: string, owner: string): string {
    try {
      return this.sealer.openText(sealed, resultContext(taskId, owner));
    } catch {
      this.logger.warn({ taskId }, 'A sealed task result did not open (an earlier version, another key, or a record changed in Redis)');
      throw new AppError(
        ErrorCode.Internal,
        "This task's result cannot be opened: it was sealed by an earlier version of the service or under another PHI_ENCRYPTION_KEY, or its record was changed. Submit the task again.",
      );
    }
  }

  toView(taskId: string, h: Record<string, string>): TaskView {
    let result: unknown = null;
    const encoded = joined(RESULT_FIELDS.map((f) => h[f] ?? null));
    if (encoded) result = JSON.parse(h.sealed === '1' ? this.openResult(encoded, taskId, h.owner ?? '') : encoded);
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

  private async update(taskId: string, fields: string[], event: string, finalTtl = 0, knownOwner?: string): Promise<UpdateOutcome> {
    fields.push('updated_at', new Date().toISOString());
    const client = this.redis.client;
    const tombstone = this.tombstone(taskId);
    if (finalTtl > 0 && !this.redis.clustered && tombstone.field) {
      // A final state on one server: record, open index and tombstone in one script call.
      const keep = finalTtl + TOMBSTONE_EXTRA_SECONDS;
      const [outcome] = await RedisService.guard(() =>
        client.medcorUpdateTaskIndexed(
          this.taskKey(taskId),
          this.eventsKey(taskId),
          this.openKey(taskId),
          tombstone.key,
          finalTtl,
          event,
          EVENTS_GRACE_SECONDS,
          taskId,
          tombstone.field as string,
          keep,
          knownOwner ?? '',
          ...fields,
        ),
      );
      return outcome as UpdateOutcome;
    }
    const record = RedisService.guard(() =>
      client.medcorUpdateTask(this.taskKey(taskId), this.eventsKey(taskId), finalTtl, event, EVENTS_GRACE_SECONDS, '', '', '', '', ...fields),
    ) as Promise<[UpdateOutcome, string?, string?]>;
    if (finalTtl === 0) {
      const reply = await record;
      if (reply[0] === 'missing') await client.zrem(this.openKey(taskId), taskId).catch(() => undefined);
      return reply[0];
    }
    // A final state: the global keys, each by a command of its own (one slot per command on a
    // cluster). Whatever the outcome the task is no longer open; the tombstone is written beside
    // the record when the owner is known, and undone if there was no record after all.
    const open = client.zrem(this.openKey(taskId), taskId);
    const early = knownOwner !== undefined ? this.remember(taskId, knownOwner, finalTtl) : undefined;
    const [reply] = await Promise.all([record, open, early]);
    if (reply[0] === 'ok' && early === undefined) await this.remember(taskId, reply[2] ?? '', finalTtl);
    if (reply[0] === 'missing' && early !== undefined) await this.forget(taskId);
    return reply[0];
  }

  private remember(taskId: string, owner: string, finalTtl: number): Promise<unknown> {
    const { key, field } = this.tombstone(taskId);
    const keep = finalTtl + TOMBSTONE_EXTRA_SECONDS;
    const client = this.redis.client;
    return RedisService.guard<unknown>(() => (field ? client.medcorRememberTask(key, field, owner, keep) : client.set(key, owner, 'EX', keep)));
  }

  private async forget(taskId: string): Promise<void> {
    const { key, field } = this.tombstone(taskId);
    await (field ? this.redis.client.hdel(key, field) : this.redis.client.del(key)).catch(() => undefined);
  }
}

function clampProgress(p: number): number {
  return Math.max(0, Math.min(100, Math.round(p)));
}

declare module 'ioredis' {
  interface RedisCommander<Context> {
    medcorCreateTask(...args: (string | number)[]): Result<number, Context>;
    medcorCreateTaskIndexed(...args: (string | number)[]): Result<number, Context>;
    medcorUpdateTask(...args: (string | number)[]): Result<[string, string?, string?], Context>;
    medcorUpdateTaskIndexed(...args: (string | number)[]): Result<[string, string?, string?], Context>;
    medcorRememberTask(...args: (string | number)[]): Result<number, Context>;
  }
}
