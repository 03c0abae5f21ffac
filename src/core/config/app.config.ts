import { z } from 'zod';
import { envBool, envInt, envList } from './env-helpers';
import { DEFAULT_HOST } from './local-secrets';

export const APP_ROLES = ['api', 'worker', 'all'] as const;
export type AppRole = (typeof APP_ROLES)[number];

export const appEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  APP_ROLE: z.enum(APP_ROLES, { error: 'expected one of api, worker, all' }).default('all'),
  PORT: envInt(8000, 0, 65535),
  /** Loopback unless set: a reachable server must be configured as such (and then needs real secrets). */
  HOST: z.string().trim().min(1, 'expected a host name or address').default(DEFAULT_HOST),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: envInt(1_048_576, 1024, 64 * 1_048_576),
  CORS_ORIGINS: envList(),
  SWAGGER_ENABLED: envBool(true),
  SHUTDOWN_GRACE_SECONDS: envInt(25, 1, 3600),
});

export type AppConfig = ReturnType<typeof toAppConfig>;

export function toAppConfig(env: z.infer<typeof appEnvSchema>) {
  return {
    nodeEnv: env.NODE_ENV,
    role: env.APP_ROLE as AppRole,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    corsOrigins: env.CORS_ORIGINS,
    swaggerEnabled: env.SWAGGER_ENABLED,
    shutdownGraceMs: env.SHUTDOWN_GRACE_SECONDS * 1000,
  };
}
