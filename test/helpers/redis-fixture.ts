/** A RedisService on the real Redis under a fresh key prefix, for specs that build services by hand. */
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/core/config';
import type { AppConfigService } from '../../src/core/config/config.module';
import { RedisService } from '../../src/core/redis/redis.service';
import { deleteKeys, REDIS_URL } from './test-app';

export interface RedisFixture {
  prefix: string;
  config: AppConfigService;
  redis: RedisService;
  /** A plain client to look at what was written. */
  raw: Redis;
  /** Resolves once the service's connection is ready (about a second at most). */
  ready(): Promise<void>;
  /** Deletes the prefix's keys and closes both connections. */
  close(): Promise<void>;
}

export function redisFixture(tag: string, env: Record<string, string> = {}): RedisFixture {
  const prefix = `${tag}${randomUUID().slice(0, 8)}`;
  const config = { all: loadConfig({ NODE_ENV: 'test', REDIS_URL, REDIS_KEY_PREFIX: prefix, ...env }) } as AppConfigService;
  const redis = new RedisService(config);
  const raw = new Redis(REDIS_URL);
  return {
    prefix,
    config,
    redis,
    raw,
    async ready() {
      for (let i = 0; i < 50 && !redis.isReady(); i++) await new Promise((r) => setTimeout(r, 20));
    },
    async close() {
      await deleteKeys(raw, prefix);
      await raw.quit();
      await redis.onApplicationShutdown();
    },
  };
}
