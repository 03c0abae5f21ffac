import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { AppConfigService } from '../core/config';
import { RedisService } from '../core/redis/redis.service';

/**
 * Worker liveness through Redis: each worker process scores itself in a sorted set every
 * WORKER_HEARTBEAT_SECONDS; a worker counts as alive while its score is younger than three
 * beats. The API reads the count for `celery_available` and readiness.
 */
@Injectable()
export class WorkerRegistry {
  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfigService,
  ) {}

  get key(): string {
    return this.redis.key('workers');
  }

  staleAfterMs(): number {
    return this.config.all.tasks.heartbeatSeconds * 3000;
  }

  async liveCount(): Promise<number> {
    return RedisService.guard(() => this.redis.client.zcount(this.key, Date.now() - this.staleAfterMs(), '+inf'));
  }
}

/** Runs in worker processes only. */
@Injectable()
export class WorkerHeartbeat implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHeartbeat.name);
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly redis: RedisService,
    private readonly registry: WorkerRegistry,
    private readonly config: AppConfigService,
  ) {}

  onModuleInit(): void {
    // The first beat waits for the connection, so start-up does not log a false alarm.
    if (this.redis.isReady()) void this.beat();
    else this.redis.client.once('ready', () => void this.beat());
    this.timer = setInterval(() => void this.beat(), this.config.all.tasks.heartbeatSeconds * 1000);
    this.timer.unref();
  }

  /** Last successful beat, for this worker's own readiness probe. */
  lastBeatAt = 0;

  async beat(): Promise<void> {
    const now = Date.now();
    try {
      await this.redis.client
        .multi()
        .zadd(this.registry.key, now, this.workerId)
        .zremrangebyscore(this.registry.key, '-inf', now - 10 * this.registry.staleAfterMs())
        .exec();
      this.lastBeatAt = now;
    } catch {
      this.logger.warn('Worker heartbeat could not reach Redis');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.redis.client.zrem(this.registry.key, this.workerId).catch(() => undefined);
  }
}
