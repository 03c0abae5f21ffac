import { z } from 'zod';
import { envUrl, optionalString } from './env-helpers';

export const redisEnvSchema = z.object({
  REDIS_URL: optionalString().pipe(envUrl(['redis:', 'rediss:']).optional()),
  /** The seed's Celery variable, accepted as an alias so old deployments keep working. */
  CELERY_BROKER_URL: optionalString().pipe(envUrl(['redis:', 'rediss:']).optional()),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected 1-64 characters of letters, digits, _ . : -')
    .default('medcor'),
});

export type RedisConfig = ReturnType<typeof toRedisConfig>;

export function toRedisConfig(env: z.infer<typeof redisEnvSchema>) {
  return {
    url: env.REDIS_URL ?? env.CELERY_BROKER_URL ?? 'redis://localhost:6379/0',
    keyPrefix: env.REDIS_KEY_PREFIX,
  };
}
