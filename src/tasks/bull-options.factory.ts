import { BullModule, type BullRootModuleOptions } from '@nestjs/bull';
import type { DynamicModule } from '@nestjs/common';
import type { RedisOptions } from 'ioredis';
import { AllConfig, AppConfigService } from '../core/config';
import { AppError } from '../core/errors';
import { createRedisConnection, slotTag, type RedisClient } from '../core/redis/redis-connection';
import type { BullConnections } from './bull-connections';
import { trackQueueStartup } from './queue-startup';

/** Our backoff: exponential, but never sooner than an upstream's Retry-After. */
export const BACKOFF_STRATEGY = 'medcor';

export function backoffDelay(baseMs: number, attemptsMade: number, error: unknown): number {
  const exponential = baseMs * 2 ** Math.max(0, attemptsMade - 1);
  const retryAfterMs = error instanceof AppError && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 0;
  return Math.max(exponential, retryAfterMs);
}

/**
 * Where a queue's keys live: `<prefix>:bull:<queue>:…` (deploy/k8s KEDA triggers read `…:wait`).
 * On a cluster the prefix carries the queue's hash tag, `<prefix>:bull:{<queue>}:<queue>:…`: Bull's
 * scripts touch several keys of one queue at once, so they must share a slot, and each queue's tag
 * differs so queues spread over the shards.
 */
export function bullPrefix(config: Pick<AllConfig, 'redis'>, queue: string): string {
  const tag = slotTag(config.redis, queue);
  return tag === queue ? `${config.redis.keyPrefix}:bull` : `${config.redis.keyPrefix}:bull:${tag}`;
}

/** Registers queues with their prefix (bullPrefix); the rest of their options come from bullOptions. */
export function registerQueues(...names: string[]): DynamicModule {
  return BullModule.registerQueueAsync(
    ...names.map((name) => ({ name, inject: [AppConfigService], useFactory: ({ all }: AppConfigService) => ({ prefix: bullPrefix(all, name) }) })),
  );
}

/**
 * Bull's Redis connections and settings. Bull opens three connections per queue; the command
 * client and the subscriber are shared across our four queues (the blocking client cannot be).
 */
export function bullOptions(config: AllConfig, connections?: BullConnections): BullRootModuleOptions {
  trackQueueStartup();
  const shared: Partial<Record<'client' | 'subscriber', RedisClient>> = {};
  const base: RedisOptions = {
    // Bull's own requirement for its blocking and subscriber connections; harmless for the client.
    maxRetriesPerRequest: null,
    enableReadyCheck: false,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(250 * times, 3000),
  };
  const make = (): RedisClient => {
    const conn = createRedisConnection(config.redis, `medcor-bull-${config.app.role}`, base);
    // The shared client and subscriber carry listeners from every queue (and aux queues):
    // expected, not a leak, so the default limit of 10 would only produce false warnings.
    conn.setMaxListeners(50);
    conn.on('error', () => undefined); // ioredis reconnects; health reports the state
    return connections ? connections.track(conn) : conn;
  };
  return {
    prefix: `${config.redis.keyPrefix}:bull`,
    createClient: (type) => {
      if (type === 'bclient') return make();
      return (shared[type] ??= make());
    },
    settings: {
      // A job whose worker died is picked up after at most lockDuration + stalledInterval.
      lockDuration: config.tasks.stalledIntervalMs,
      lockRenewTime: Math.floor(config.tasks.stalledIntervalMs / 3),
      stalledInterval: config.tasks.stalledIntervalMs,
      maxStalledCount: 2,
      retryProcessDelay: 1000,
      backoffStrategies: {
        [BACKOFF_STRATEGY]: (attemptsMade: number, error: unknown) => backoffDelay(config.tasks.backoffMs, attemptsMade, error),
      },
    },
    defaultJobOptions: {
      attempts: config.tasks.maxRetries + 1,
      backoff: { type: BACKOFF_STRATEGY },
      // The task store keeps results; Bull only needs to remember failures briefly for operators.
      removeOnComplete: true,
      removeOnFail: { age: 24 * 3600, count: 1000 },
    },
  };
}
