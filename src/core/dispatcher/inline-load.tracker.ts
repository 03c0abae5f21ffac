import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { RedisService } from '../redis/redis.service';

const SAMPLES = 200;
const REFRESH_MS = 5000;

/**
 * What adaptive routing measures: inline work in flight in this process, and the p95 duration
 * of each kind of inline work over the last 200 runs, kept in Redis so every replica learns from
 * all of them. Durations are written in one batch and the p95 recomputed every few seconds in
 * the background, never on the request path (a write per request was about 5% of an inline
 * query's CPU).
 */
@Injectable()
export class InlineLoadTracker implements OnModuleDestroy {
  private readonly logger = new Logger(InlineLoadTracker.name);
  private inFlightCount = 0;
  private readonly p95 = new Map<string, number>();
  private readonly pending = new Map<string, string[]>();
  private readonly timer: NodeJS.Timeout;
  // Kinds answered inline anywhere: a fresh replica learns the others' p95 before serving one itself.
  private readonly kinds = new Set<string>(['query', 'database']);

  constructor(private readonly redis: RedisService) {
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  p95Seconds(kind: string): number | undefined {
    return this.p95.get(kind);
  }

  async track<T>(kind: string, work: () => Promise<T>): Promise<T> {
    this.inFlightCount++;
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.inFlightCount--;
      this.record(kind, (performance.now() - started) / 1000);
    }
  }

  record(kind: string, seconds: number): void {
    this.kinds.add(kind);
    const values = this.pending.get(kind) ?? [];
    values.push(seconds.toFixed(4));
    if (values.length > SAMPLES) values.shift();
    this.pending.set(kind, values);
  }

  /** Writes the durations recorded since the last flush (the newest first, as LPUSH leaves them). */
  private async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const multi = this.redis.client.multi();
    for (const [kind, values] of this.pending) {
      const key = this.redis.key('durations', kind);
      multi.lpush(key, ...values).ltrim(key, 0, SAMPLES - 1);
    }
    this.pending.clear();
    await multi.exec().catch(() => this.logger.debug('Could not write inline durations'));
  }

  async refresh(): Promise<void> {
    await this.flush();
    for (const kind of this.kinds) {
      try {
        const values = (await this.redis.client.lrange(this.redis.key('durations', kind), 0, SAMPLES - 1)).map(Number).sort((a, b) => a - b);
        if (values.length >= 20) this.p95.set(kind, values[Math.floor(values.length * 0.95) - 1]);
      } catch {
        this.logger.debug('Could not refresh inline durations');
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush(); // Redis closes later, in onApplicationShutdown
  }
}
