import { QueueName } from './queue-names';

/**
 * Concurrency for a queue's @Process decorator. Decorators are evaluated when the class loads,
 * so this reads the environment directly; main.ts has validated it by then.
 * WORKER_CONCURRENCY_<QUEUE> (e.g. WORKER_CONCURRENCY_MEDICAL_ANALYSIS) overrides WORKER_CONCURRENCY.
 */
export function workerConcurrency(queue: QueueName): number {
  const specific = process.env[`WORKER_CONCURRENCY_${queue.toUpperCase().replace(/-/g, '_')}`];
  const value = Number(specific ?? process.env.WORKER_CONCURRENCY ?? 8);
  return Number.isInteger(value) && value > 0 ? value : 8;
}
