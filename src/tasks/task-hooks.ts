import type { Job } from 'bull';
import type { JobData, JobMeta } from './job-payloads';

/**
 * Extension points of the task runner, provided by global modules so TasksModule need not
 * import them: recurring schedules turn each run of a repeatable job into a new task, a
 * submit's `callback_url` is checked and registered, and webhooks fire when a task reaches a
 * final state.
 */
export const TASK_REPEAT_HOOK = Symbol('TASK_REPEAT_HOOK');
export const TASK_FINAL_HOOK = Symbol('TASK_FINAL_HOOK');
export const TASK_CALLBACK_HOOK = Symbol('TASK_CALLBACK_HOOK');

export interface TaskRepeatHook {
  /** Creates the task record for one run of a repeatable (scheduled) job; null skips the run. */
  startRun(job: Job<JobData>): Promise<JobMeta | null>;
}

export interface TaskFinalHook {
  /** Called after the runner wrote a final state (never throws). */
  onFinal(taskId: string): Promise<void>;
}

export interface TaskCallbackHook {
  /** Refuses a callback URL before anything is queued (throws the 400 naming why). */
  assertAllowed(callbackUrl: string): Promise<void>;
  /** Registers the callback of a task that was just queued. */
  register(taskId: string, callbackUrl: string): Promise<void>;
}
