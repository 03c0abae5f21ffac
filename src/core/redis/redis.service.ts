import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { AppConfigService } from '../config';
import { AppError, ErrorCode } from '../errors';

/**
 * Owns the service's own Redis connection (Bull keeps its own). Commands fail fast while Redis is
 * down (no offline queue), so the API answers 503 instead of hanging; ioredis reconnects by itself.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly client: Redis;
  readonly prefix: string;
  private readonly extra: Redis[] = [];

  constructor(config: AppConfigService) {
    const { url, keyPrefix } = config.all.redis;
    this.prefix = keyPrefix;
    this.client = new Redis(url, RedisService.options('medcor-api'));
    this.client.on('error', () => undefined); // reconnects by itself; health reports the state
  }

  static options(name: string): RedisOptions {
    return {
      connectionName: name,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      // Commands issued in the same tick share one socket write: under load the per-command write
      // syscall was the largest single cost of the status route.
      enableAutoPipelining: true,
      retryStrategy: (times) => Math.min(200 * times, 2000),
    };
  }

  /** `prefix:part:part…` — every key the service writes goes through here. */
  key(...parts: string[]): string {
    return `${this.prefix}:${parts.join(':')}`;
  }

  /** A dedicated connection for blocking reads (XREAD BLOCK) or pub/sub; closed at shutdown. */
  duplicate(name: string, options: RedisOptions = {}): Redis {
    const conn = this.client.duplicate({ connectionName: name, ...options });
    conn.on('error', () => undefined);
    this.extra.push(conn);
    return conn;
  }

  isReady(): boolean {
    return this.client.status === 'ready';
  }

  /** Runs a Redis call and turns connection failures into a 503 the client can act on. */
  static async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError(ErrorCode.QueueUnavailable, 'The task store (Redis) is unavailable; retry shortly', {
        transient: true,
        retryAfterSeconds: 2,
        cause: error,
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.client, ...this.extra].map((c) => c.quit()));
  }
}
