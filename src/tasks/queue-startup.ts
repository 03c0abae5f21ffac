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
 * Bull offers no hook for this, so its prototype's `process` is wrapped once, explicitly, from
 * bullOptions(); the wrapper returns Bull's own promise unchanged.
 */
const loops = new WeakMap<Queue, Promise<unknown>[]>();
const logger = new Logger('QueueStartup');
const WRAPPED = Symbol.for('medcor.queueStartupTracked');

type ProcessFn = (this: Queue, ...args: unknown[]) => Promise<unknown>;

export function trackQueueStartup(): void {
  const proto = Bull.prototype as unknown as { process: ProcessFn & { [WRAPPED]?: true } };
  if (proto.process[WRAPPED]) return;
  const original = proto.process;
  const tracked: ProcessFn & { [WRAPPED]?: true } = function (this: Queue, ...args: unknown[]) {
    const loop = original.apply(this, args);
    const handled = loop.catch((error: unknown) => {
      // Expected only while the queue closes; anything else is worth an operator's look.
      const message = error instanceof Error ? error.message : String(error);
      if (isClosing(this)) logger.debug(`Queue ${this.name} stopped while starting: ${message}`);
      else logger.error(`Queue ${this.name} stopped processing: ${message}`);
    });
    loops.set(this, [...(loops.get(this) ?? []), handled]);
    return loop;
  };
  tracked[WRAPPED] = true;
  proto.process = tracked;
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
