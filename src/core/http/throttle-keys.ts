import { createHash } from 'node:crypto';

/** The rate-limit tracker of an authenticated user (anonymous callers are tracked by IP). */
export function userTracker(userId: string): string {
  return `user:${userId}`;
}

/**
 * The storage key of one limit for one tracker: shared by the HTTP guard and by work that counts
 * against a user's limit outside a request (a schedule's runs), so both hit the same counter.
 */
export class ThrottleKeys {
  private readonly hashed = new Map<string, string>();

  of(throttlerName: string, tracker: string): string {
    let hash = this.hashed.get(tracker);
    if (hash === undefined) {
      // A SHA-256 per request was about 1% of an inline query's CPU; users repeat, so remember a few.
      if (this.hashed.size >= 10_000) this.hashed.clear();
      hash = createHash('sha256').update(tracker).digest('hex').slice(0, 32);
      this.hashed.set(tracker, hash);
    }
    return `${throttlerName}:${hash}`;
  }
}
