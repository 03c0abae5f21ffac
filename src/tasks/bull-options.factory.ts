import type { BullRootModuleOptions } from '@nestjs/bull';
import Redis, { RedisOptions } from 'ioredis';
import { AllConfig } from '../core/config';
import { AppError } from '../core/errors';
import type { BullConnections } from './bull-connections';

/** Our backoff: exponential, but never sooner than an upstream's Retry-After. */
export const BACKOFF_STRATEGY = 'medcor';

export function backoffDelay(baseMs: number, attemptsMade: number, error: unknown): number {
  const exponential = baseMs * 2 ** Math.max(0, attemptsMade - 1);
  const retryAfterMs = error instanceof AppError && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 0;
  return Math.max(exponential, retryAfterMs);
}

/**
 * Bull's Redis connections and settings. Bull opens three connections per queue; the command
 * client and the subscriber are shared across our four queues (the blocking client cannot be).
 * Keys live under `<prefix>:bull:<queue>:…` (deploy/k8s KEDA triggers read `…:wait`).
 */
export function bullOptions(config: AllConfig, connections?: BullConnections): BullRootModuleOptions {
  const shared: Partial<Record<'client' | 'subscriber', Redis>> = {};
  const url = config.redis.url;
  const base: RedisOptions = {
    connectionName: `medcor-bull-${config.app.role}`,
    // Bull's own requirement for its blocking and subscriber connections; harmless for the client.
    maxRetriesPerRequest: null,
    enableReadyCheck: false,
    retryStrategy: (times) => Math.min(250 * times, 3000),
  };
  const make = (): Redis => {
    const conn = new Redis(url, base);
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
