/**
 * The line in front of the one PGlite connection: one transaction at a time, the others wait in
 * order, but never longer than `waitMs` and never more than `maxWaiting` of them. A caller that
 * cannot get in gets a ToolError saying the database is busy (Unavailable, so the gateway may
 * retry), not an unbounded wait.
 */
import { ToolError, ToolErrorCode } from '../tools/tool-definition';

export interface QueueLimits {
  waitMs: number;
  maxWaiting: number;
}

interface Waiter {
  grant(): void;
}

export class PgliteQueue {
  private busy = false;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly limits: QueueLimits) {}

  get depth(): number {
    return this.waiting.length;
  }

  /** Resolves with the release function once it is the caller's turn. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw cancelled();
    if (!this.busy) {
      this.busy = true;
      return this.releaser();
    }
    if (this.waiting.length >= this.limits.maxWaiting) {
      throw new ToolError(ToolErrorCode.Unavailable, `The embedded database is busy: ${this.waiting.length} queries are already waiting.`, {
        reason: 'queue_full',
        waiting: this.waiting.length,
      });
    }
    return new Promise<() => void>((resolve, reject) => {
      const ahead = this.waiting.length + 1;
      const leave = (error: ToolError): void => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      };
      const onAbort = (): void => leave(cancelled());
      const timer = setTimeout(
        () =>
          leave(
            new ToolError(
              ToolErrorCode.Unavailable,
              `The embedded database is busy: the query waited ${this.limits.waitMs} ms behind ${ahead} other(s) and was not started.`,
              { reason: 'queue_timeout', queue_timeout_ms: this.limits.waitMs, ahead },
            ),
          ),
        this.limits.waitMs,
      );
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(this.releaser());
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.busy = false;
    };
  }
}

function cancelled(): ToolError {
  return new ToolError(ToolErrorCode.Timeout, 'The query was cancelled.');
}
