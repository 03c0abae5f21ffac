/** One answer of the rate-limit script: this hit's count in the window, and block state (ms). */
export interface ThrottleCount {
  totalHits: number;
  timeToExpireMs: number;
  isBlocked: boolean;
  timeToBlockExpireMs: number;
}

interface KnownWindow {
  /** Hits Redis reported with its last answer for this key. */
  hits: number;
  /** Hits admitted here whose increments Redis has not answered yet. */
  pending: number;
  /** Of those, increments not written yet (they go out on the next turn of the event loop). */
  unsent: number;
  expiresAt: number;
  blockedUntil: number;
}

/**
 * Windows are forgotten once past. Past this many known keys a sweep runs (at most once a
 * second), and a key that still does not fit is not remembered: its checks wait for Redis.
 */
const MAX_KNOWN = 10_000;
const SWEEP_EVERY_MS = 1_000;
/** No local answer in a window's last second: the increment could land in the next window. */
const WINDOW_TAIL_MS = 1_000;

/**
 * Answers a rate-limit check without waiting for Redis while the user is far from the limit.
 *
 * Every hit is still counted in Redis (the shared counter of all replicas): when this process
 * knows the user's window from an earlier answer and the known hits plus its own unanswered ones
 * stay at least `headroom` below the limit, the hit is admitted at once and its increment is sent
 * behind it; otherwise the check waits for Redis, as it always did. Each answer brings the known
 * count up to date, other replicas' hits included. Near the limit every check is exact; what a
 * local answer can miss is what other replicas counted since this one's last answer, so several
 * replicas together can pass the limit by at most about `headroom` each before they all see it.
 * Headroom is a tenth of the limit, at least one hit. It takes a Redis round trip (about 0.15 ms
 * here, and one more write on the socket) off the critical path of every limited request.
 */
export class LocalAdmission {
  private readonly known = new Map<string, KnownWindow>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async check(key: string, limit: number, count: () => Promise<ThrottleCount>): Promise<ThrottleCount> {
    const now = this.now();
    const window = this.known.get(key);
    if (window && this.admitsLocally(window, limit, now)) {
      window.pending++;
      window.unsent++;
      // Sent once this request's own I/O is under way: the socket write is off its path too.
      setImmediate(() => {
        window.unsent--;
        count().then(
          (answer) => this.learn(key, answer, true),
          () => this.known.delete(key), // Redis trouble: the next check waits and fails open as before
        );
      });
      return { totalHits: window.hits + window.pending, timeToExpireMs: window.expiresAt - now, isBlocked: false, timeToBlockExpireMs: 0 };
    }
    // Increments wait their turn behind this key's unsent ones, so that Redis counts them first.
    if (window && window.unsent > 0) await new Promise((resolve) => setImmediate(resolve));
    const answer = await count();
    this.learn(key, answer, false);
    return answer;
  }

  /** Keys this process currently knows a window for (for tests and metrics). */
  get size(): number {
    return this.known.size;
  }

  private admitsLocally(window: KnownWindow, limit: number, now: number): boolean {
    const headroom = Math.max(1, Math.ceil(limit / 10));
    return now + WINDOW_TAIL_MS < window.expiresAt && window.blockedUntil <= now && window.hits + window.pending + 1 <= limit - headroom;
  }

  /** Answers arrive in the order the increments were sent (one connection), so the last one is the newest count. */
  private learn(key: string, answer: ThrottleCount, wasLocal: boolean): void {
    const now = this.now();
    let window = this.known.get(key);
    if (!window) {
      if (this.known.size >= MAX_KNOWN && now - this.lastSweep >= SWEEP_EVERY_MS) this.sweep(now);
      if (this.known.size >= MAX_KNOWN) return;
      window = { hits: 0, pending: 0, unsent: 0, expiresAt: 0, blockedUntil: 0 };
      this.known.set(key, window);
    }
    window.hits = answer.totalHits;
    if (wasLocal) window.pending = Math.max(0, window.pending - 1);
    window.expiresAt = now + answer.timeToExpireMs;
    window.blockedUntil = answer.isBlocked ? now + answer.timeToBlockExpireMs : 0;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, window] of this.known) if (window.expiresAt <= now && window.pending === 0) this.known.delete(key);
  }
}
