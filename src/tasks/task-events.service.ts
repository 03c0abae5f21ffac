import { Injectable } from '@nestjs/common';
import { AppConfigService } from '../core/config';
import { AppError, ErrorCode } from '../core/errors';
import { RedisService } from '../core/redis/redis.service';
import { TaskEvent, TaskStore } from './task-store.service';
import { compareIds, TaskStreamHub } from './task-stream.hub';

export interface StoredTaskEvent extends TaskEvent {
  /** The Redis stream id: the SSE event id and the `Last-Event-ID` a client resumes from. */
  id: string;
}

const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

/**
 * Reads a task's state changes from its Redis stream (written by TaskStore with every update),
 * so any API replica can follow any task: first everything after the client's last seen id
 * (XRANGE), then new entries as they arrive (through TaskStreamHub: one blocking read shared by
 * every follower in the process). Ends after a final state. Live followers are capped per
 * process (TASK_FOLLOWERS_MAX), so that clients holding streams open cannot grow it unbounded,
 * and per user (TASK_FOLLOWERS_PER_USER_MAX), so that one user cannot take every slot.
 */
@Injectable()
export class TaskEventsService {
  constructor(
    private readonly redis: RedisService,
    private readonly store: TaskStore,
    private readonly hub: TaskStreamHub,
    private readonly config: AppConfigService,
  ) {}

  /** Live followers per user in this process. */
  private readonly perUser = new Map<string, number>();

  /** Whether another live follower of this user may start on this instance now. */
  hasCapacity(userId: string): boolean {
    const tasks = this.config.all.tasks;
    return this.hub.size < tasks.followersMax && (this.perUser.get(userId) ?? 0) < tasks.followersPerUserMax;
  }

  /** 503 with Retry-After when this instance, or this user on it, follows as many tasks as it may. */
  assertCapacity(userId: string): void {
    if (this.hasCapacity(userId)) return;
    const mine = (this.perUser.get(userId) ?? 0) >= this.config.all.tasks.followersPerUserMax;
    const message = mine
      ? 'You are following as many tasks at once as one user may; close a stream, poll the status URL, or retry later'
      : 'This instance is following as many tasks as it may; poll the status URL, or retry later';
    throw new AppError(ErrorCode.Overloaded, message, { retryAfterSeconds: 5 });
  }

  static isValidId(id: string | undefined): id is string {
    return id !== undefined && STREAM_ID.test(id);
  }

  /** Events after `afterId` (exclusive; '0' for all), then live ones, until final or `signal` aborts. */
  async *follow(taskId: string, afterId: string, signal: AbortSignal, userId: string): AsyncGenerator<StoredTaskEvent> {
    const key = this.store.eventsKey(taskId);
    let last = TaskEventsService.isValidId(afterId) ? afterId : '0';
    for (const event of await this.readAfter(key, last, taskId, userId)) {
      last = event.id;
      yield event;
      if (TaskStore.isFinal(event.status)) return;
    }
    if (TaskStore.isFinal(await this.store.status(taskId))) {
      // The final state may have been written between the read above and this one; it is
      // written with its event by one script, so its event is in the stream (or, once the stream
      // expired, in the record's history) now: read on from the last id seen. Nothing there
      // means the final entry was before `afterId`.
      for (const event of await this.readAfter(key, last, taskId, userId)) {
        yield event;
        if (TaskStore.isFinal(event.status)) return;
      }
      return;
    }
    if (signal.aborted) return;

    this.assertCapacity(userId);
    this.perUser.set(userId, (this.perUser.get(userId) ?? 0) + 1);
    try {
      for await (const entries of this.hub.follow(key, last, signal)) {
        for (const [id, fields] of entries) {
          const event = this.decode(id, fields, taskId, userId);
          last = id;
          yield event;
          if (TaskStore.isFinal(event.status)) return;
        }
      }
      // The stream ended without a final entry: it expired (a finished task's stream lives a few
      // seconds past its final entry; the record then holds the history), or the task did.
      if (signal.aborted) return;
      for (const event of await this.readAfter(key, last, taskId, userId)) {
        yield event;
        if (TaskStore.isFinal(event.status)) return;
      }
    } finally {
      const left = (this.perUser.get(userId) ?? 1) - 1;
      if (left > 0) this.perUser.set(userId, left);
      else this.perUser.delete(userId);
    }
  }

  /** The task's final event if it arrives within `timeoutMs`, else null (wait-then-queue). */
  async waitForFinal(taskId: string, userId: string, timeoutMs: number, signal?: AbortSignal): Promise<StoredTaskEvent | null> {
    // At capacity the caller simply does not wait: its 202 answer goes out at once.
    if (!this.hasCapacity(userId)) return null;
    const deadline = AbortSignal.timeout(Math.max(1, timeoutMs));
    const combined = signal ? AbortSignal.any([deadline, signal]) : deadline;
    try {
      for await (const event of this.follow(taskId, '0', combined, userId)) {
        if (TaskStore.isFinal(event.status)) return event;
      }
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.Overloaded) return null; // filled up meanwhile
      throw error;
    }
    return null;
  }

  /** Events after `last`: from the stream while it exists, else from the finished record's history. */
  private async readAfter(key: string, last: string, taskId: string, owner: string): Promise<StoredTaskEvent[]> {
    const entries = await RedisService.guard(() => this.redis.client.xrange(key, last === '0' ? '-' : `(${last}`, '+'));
    if (entries.length > 0 || (last !== '0' && (await RedisService.guard(() => this.redis.client.exists(key))) === 1)) {
      return entries.map(([id, fields]) => this.decode(id, fields, taskId, owner));
    }
    const history = await this.store.history(taskId);
    return history.filter(([id]) => last === '0' || compareIds(id, last) > 0).map(([id, raw]) => ({ id, ...this.store.decodeEvent(raw, taskId, owner) }));
  }

  private decode(id: string, fields: string[], taskId: string, owner: string): StoredTaskEvent {
    // Entries hold one field, `e`: the event as JSON.
    const raw = fields[1] ?? '{}';
    return { id, ...this.store.decodeEvent(raw, taskId, owner) };
  }
}
