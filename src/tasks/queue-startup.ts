import { Logger } from '@nestjs/common';
import Bull from 'bull';
import type { Queue } from 'bull';
import { redactedStack } from '../core/errors';
import { withTimeout } from '../shared/async';

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
const loops = new WeakMap<Queue, Array<Promise<void>>>();
const logger = new Logger('QueueStartup');
const WRAPPED = Symbol.for('medcor.queueStartupTracked');

type QueueFn = ((this: Queue, ...args: unknown[]) => Promise<unknown>) & { [WRAPPED]?: true };

/**
 * The log fields of an error from a queue: its class, code and stack frames, never its message
 * (as logServerError does: a message from a lower layer can echo what it was working on).
 */
export function queueErrorFields(queue: Queue, error: unknown): Record<string, unknown> {
  const err = error as { name?: string; code?: string } | undefined;
  return { queue: queue.name, err_name: err?.name, err_code: err?.code, stack: redactedStack(error) };
}

/** Keeps a promise of the queue's start-up, handled; shutdown waits for it (loopsEnded). */
export function trackLoop(queue: Queue, started: Promise<unknown>, what: string): void {
  const handled = started.then(
    () => undefined,
    (error: unknown) => {
      // Expected only while the queue closes; anything else is worth an operator's look.
      if (isClosing(queue)) logger.debug(queueErrorFields(queue, error), `Queue stopped while starting (${what})`);
      else logger.error(queueErrorFields(queue, error), `Queue failed in ${what}`);
    },
  );
  const pending = loops.get(queue);
  if (pending) pending.push(handled);
  else loops.set(queue, [handled]);
}

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
      trackLoop(this, started, method);
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
export function loopsEnded(queue: Queue, timeoutMs: number): Promise<boolean> {
  const pending = loops.get(queue);
  if (!pending?.length) return Promise.resolve(true);
  return withTimeout(Promise.all(pending), timeoutMs).then(
    () => true,
    () => false,
  );
}
