/** The seed's task states, plus CANCELLED (issue 9). */
export enum TaskStatus {
  Pending = 'PENDING',
  Progress = 'PROGRESS',
  Retry = 'RETRY',
  Success = 'SUCCESS',
  Failure = 'FAILURE',
  Cancelled = 'CANCELLED',
}

export const FINAL_STATUSES: ReadonlySet<TaskStatus> = new Set([
  TaskStatus.Success,
  TaskStatus.Failure,
  TaskStatus.Cancelled,
]);

export type TaskPriority = 'high' | 'normal' | 'low';

/** Bull: 1 is the highest priority. */
export const BULL_PRIORITY: Readonly<Record<TaskPriority, number>> = { high: 1, normal: 5, low: 10 };
