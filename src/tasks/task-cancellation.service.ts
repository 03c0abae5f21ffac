import { Inject, Injectable, Optional } from '@nestjs/common';
import { AuthenticatedUser, Role } from '../core/auth';
import { AppError, ErrorCode } from '../core/errors';
import { RedisService } from '../core/redis/redis.service';
import { DelayedTaskQuota } from './delayed-task-quota.service';
import { QueueRegistry } from './queue-registry.service';
import { TASK_FINAL_HOOK } from './task-hooks';
import type { TaskFinalHook } from './task-hooks';
import { TaskStatus } from './task-status';
import { TaskStore } from './task-store.service';

/**
 * Cancels a task from any API replica: a waiting job is removed from Bull; a running one is told
 * to stop through Redis pub/sub (the worker that runs it aborts its AbortSignal). The record
 * becomes CANCELLED at once, and the first final state wins, so a late SUCCESS cannot undo it.
 */
@Injectable()
export class TaskCancellationService {
  constructor(
    private readonly store: TaskStore,
    private readonly redis: RedisService,
    private readonly queues: QueueRegistry,
    private readonly delayed: DelayedTaskQuota,
    @Optional() @Inject(TASK_FINAL_HOOK) private readonly finalHook?: TaskFinalHook,
  ) {}

  static channel(redis: RedisService): string {
    return redis.key('cancel');
  }

  async cancel(taskId: string, user: AuthenticatedUser): Promise<{ wasRunning: boolean }> {
    const view = await this.store.get(taskId);
    if (!view || (view.owner !== user.userId && !user.roles.includes(Role.Admin))) {
      throw new AppError(ErrorCode.NotFound, `Task ${taskId} not found`);
    }
    if (TaskStore.isFinal(view.status)) {
      throw new AppError(ErrorCode.Conflict, `Task ${taskId} is already ${view.status} and cannot be cancelled`);
    }
    const job = await RedisService.guard(() => this.queues.forKind(view.kind).getJob(taskId));
    let wasRunning = view.status === TaskStatus.Progress || view.status === TaskStatus.Retry;
    if (job) {
      const removable = (await job.isWaiting()) || (await job.isDelayed()) || (await job.isPaused());
      if (removable) await job.remove().catch(() => (wasRunning = true));
      else wasRunning = true;
    }
    const outcome = await this.store.finalize(taskId, view.kind, TaskStatus.Cancelled, `Task cancelled by ${user.userId}`, {
      success: false,
      error: 'The task was cancelled',
      code: ErrorCode.Cancelled,
    });
    if (outcome === 'final') throw new AppError(ErrorCode.Conflict, `Task ${taskId} finished before it could be cancelled`);
    // A cancelled task no longer waits for its run_at: its owner may schedule another in its place.
    await this.delayed.release(view.owner, taskId);
    if (wasRunning) await this.redis.client.publish(TaskCancellationService.channel(this.redis), taskId);
    // A running task's worker reports its own end; one removed from the queue never reaches one.
    else await this.finalHook?.onFinal(taskId);
    return { wasRunning };
  }
}
