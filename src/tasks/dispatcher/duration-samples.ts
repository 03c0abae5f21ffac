import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfigService } from '../../core/config';
import { RedisService } from '../../core/redis/redis.service';

const MAX_SAMPLES = 200;
const FLUSH_MS = 1000;

/**
 * How long each kind of work took, for adaptive routing: inline requests (API) and background
 * runs (workers, their work only, not their queue wait) write to one Redis list per kind, so
 * every replica learns from all of them. Entries carry their time and are read only within the
 * window (INLINE_SAMPLE_WINDOW_SECONDS), and the list expires a window after its last write: an
 * outage that made a kind slow is forgotten once it is over, even with no traffic and across
 * restarts. Writes are batched (a write per request was about 5% of an inline query's CPU).
 */
@Injectable()
export class DurationSamples implements OnModuleDestroy {
  private readonly logger = new Logger(DurationSamples.name);
  private readonly pending = new Map<string, string[]>();
  private readonly timer: NodeJS.Timeout;
  readonly windowMs: number;

  constructor(
    private readonly redis: RedisService,
    config: AppConfigService,
  ) {
    this.windowMs = config.all.tasks.inlineSampleWindowMs;
    this.timer = setInterval(() => void this.flush(), Math.min(FLUSH_MS, this.windowMs / 4));
    this.timer.unref();
  }

  record(kind: string, seconds: number): void {
    const values = this.pending.get(kind) ?? [];
    values.push(`${Date.now()}:${seconds.toFixed(4)}`);
    if (values.length > MAX_SAMPLES) values.shift();
    this.pending.set(kind, values);
  }

  /** Writes what was recorded since the last flush (the newest first, as LPUSH leaves them). */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    // One MULTI per kind: each touches one key (a cluster allows no MULTI across slots).
    const writes = [...this.pending].map(([kind, values]) => {
      const key = this.key(kind);
      return this.redis.client.multi().lpush(key, ...values).ltrim(key, 0, MAX_SAMPLES - 1).pexpire(key, this.windowMs).exec();
    });
    this.pending.clear();
    await Promise.all(writes).catch(() => this.logger.debug('Could not write routing durations'));
  }

  /** The durations (seconds) of a kind within the window. */
  async read(kind: string): Promise<number[]> {
    const since = Date.now() - this.windowMs;
    const entries = await this.redis.client.lrange(this.key(kind), 0, MAX_SAMPLES - 1);
    const seconds: number[] = [];
    for (const entry of entries) {
      const [at, value] = entry.split(':');
      if (value !== undefined && Number(at) >= since) seconds.push(Number(value));
    }
    return seconds;
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush(); // Redis closes later, in onApplicationShutdown
  }

  private key(kind: string): string {
    return this.redis.key('durations', kind);
  }
}
