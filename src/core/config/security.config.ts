import { z } from 'zod';
import { envInt, envList, optionalString } from './env-helpers';

export const securityEnvSchema = z.object({
  /** base64 of 32 bytes: AES-256-GCM key for patient data at rest in Redis (jobs, results). */
  PHI_ENCRYPTION_KEY: optionalString().pipe(
    z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'expected base64 of exactly 32 bytes')
      .optional(),
  ),
  RATE_LIMIT_INLINE_PER_MINUTE: envInt(600, 1),
  RATE_LIMIT_SUBMIT_PER_MINUTE: envInt(300, 1),
  WEBHOOK_ALLOWED_HOSTS: envList(),
  /** Allow-listed hosts that may resolve to private/loopback/link-local addresses in production. */
  WEBHOOK_ALLOWED_PRIVATE_HOSTS: envList(),
  WEBHOOK_SECRET: optionalString(),
  /** When set, /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: optionalString(),
});

export type SecurityConfig = ReturnType<typeof toSecurityConfig>;

export function toSecurityConfig(env: z.infer<typeof securityEnvSchema>, nodeEnv: string) {
  return {
    // Outside production a fixed development key keeps the quick start working; production
    // refuses to start without a real one (see config.schema.ts).
    phiKey: Buffer.from(env.PHI_ENCRYPTION_KEY ?? (nodeEnv === 'production' ? '' : DEV_PHI_KEY), 'base64'),
    rateLimitInlinePerMinute: env.RATE_LIMIT_INLINE_PER_MINUTE,
    rateLimitSubmitPerMinute: env.RATE_LIMIT_SUBMIT_PER_MINUTE,
    webhookAllowedHosts: env.WEBHOOK_ALLOWED_HOSTS,
    webhookAllowedPrivateHosts: env.WEBHOOK_ALLOWED_PRIVATE_HOSTS,
    webhookSecret: env.WEBHOOK_SECRET,
    metricsToken: env.METRICS_TOKEN,
  };
}

const DEV_PHI_KEY = Buffer.alloc(32, 7).toString('base64');
