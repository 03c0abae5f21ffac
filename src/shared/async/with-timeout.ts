/** What withTimeout rejects with when the limit passes first (callers tell it from the work's own failure). */
export class TimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * The one timeout helper of the gateway and the tools server: bounds a wait on Redis (ioredis and
 * Bull queue commands wait while Redis is unreachable rather than failing), on a health check,
 * or on a parser, so a caller that must answer in time sets its own limit. The work itself is not
 * stopped; its result is ignored once the limit has passed. The timer never keeps the process up.
 */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(ms)), ms);
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
