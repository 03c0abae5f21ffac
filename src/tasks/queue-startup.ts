import { Logger } from '@nestjs/common';
import Bull from 'bull';
import type { Queue } from 'bull';

/**
 * Bull's `Queue#process` returns the promise of the queue's start-up and processing loop (it
 * subscribes, moves stalled jobs, waits for the blocking connection, then fetches until the queue
 * closes), and @nestjs/bull drops it. When a queue closes while that start-up is still in flight
 * (a pod stopped seconds after it started, a test app closed at once) the connections go away
 * under it and the promise rejects with nobody to hear it: an unhandled rejection, which ends a
 * Node 20 process instead of letting it shut down gracefully.
 *
 * So every call to `process` is kept here, handled: shutdown (BullConnections) closes the
 * queues, then waits for their loops to settle before it disconnects the Redis connections the
 * loops use, and a rejection that still comes is logged rather than lost.
 *
 * Bull offers no hook for this, so its prototype's `process` (and `setWorkerName`, below) is
 * wrapped once, explicitly, from bullOptions(); the wrapper returns Bull's own promise unchanged.
 */
const loops = new WeakMap<Queue, Promise<unknown>[]>();
const logger = new Logger('QueueStartup');
const WRAPPED = Symbol.for('medcor.queueStartupTracked');

type QueueFn = ((this: Queue, ...args: unknown[]) => Promise<unknown>) & { [WRAPPED]?: true };

/**
 * Wraps `process` and `setWorkerName`. The second is Bull's too: `process` calls it without keeping
 * its promise, and it sends CLIENT SETNAME on the blocking connection, so a queue closed before
 * that answer came rejected unheard with "Connection is closed." (the e2e failure on CI).
 */
export function trackQueueStartup(): void {
  const proto = Bull.prototype as unknown as Record<'process' | 'setWorkerName', QueueFn>;
  for (const method of ['process', 'setWorkerName'] as const) {
    if (proto[method][WRAPPED]) continue;
    const original = proto[method];
    const tracked: QueueFn = function (this: Queue, ...args: unknown[]) {
      const started = original.apply(this, args);
      const handled = started.catch((error: unknown) => {
        // Expected only while the queue closes; anything else is worth an operator's look.
        const message = error instanceof Error ? error.message : String(error);
        if (isClosing(this)) logger.debug(`Queue ${this.name} stopped while starting (${method}): ${message}`);
        else logger.error(`Queue ${this.name} failed in ${method}: ${message}`);
      });
      loops.set(this, [...(loops.get(this) ?? []), handled]);
      return started;
    };
    tracked[WRAPPED] = true;
    proto[method] = tracked;
  }
}

/** Whether close() has been called on the queue (Bull's own flag, not in its typings). */
export function isClosing(queue: Queue): boolean {
  return Boolean((queue as unknown as { closing?: unknown }).closing);
}

/**
 * Resolves when every processing loop started on the queue has ended (they end once the queue
 * has closed), or after `timeoutMs` (a loop can wait on a connection that never comes back).
 * Never rejects. True when they all ended in time.
 */
export async function loopsEnded(queue: Queue, timeoutMs: number): Promise<boolean> {
  const pending = loops.get(queue);
  if (!pending?.length) return true;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([Promise.all(pending).then(() => true as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}
