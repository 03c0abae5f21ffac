import { z } from 'zod';
import { envInt, envList, secretString } from './env-helpers';
import { ephemeralSecrets } from './local-secrets';

export const securityEnvSchema = z.object({
  /** base64 of 32 bytes: AES-256-GCM key for patient data at rest in Redis (jobs, results). */
  PHI_ENCRYPTION_KEY: secretString().pipe(
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
  WEBHOOK_SECRET: secretString(),
  /** When set, /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: secretString(),
});

export type SecurityConfig = ReturnType<typeof toSecurityConfig>;

export function toSecurityConfig(env: z.infer<typeof securityEnvSchema>) {
  return {
    // Without a configured key (only a loopback server outside production gets this far, see
    // config.schema.ts) a random key of this process: sealed data then dies with the process.
    phiKey: Buffer.from(env.PHI_ENCRYPTION_KEY ?? ephemeralSecrets().phiKey, 'base64'),
    ephemeralPhiKey: !env.PHI_ENCRYPTION_KEY,
    rateLimitInlinePerMinute: env.RATE_LIMIT_INLINE_PER_MINUTE,
    rateLimitSubmitPerMinute: env.RATE_LIMIT_SUBMIT_PER_MINUTE,
    webhookAllowedHosts: env.WEBHOOK_ALLOWED_HOSTS,
    webhookAllowedPrivateHosts: env.WEBHOOK_ALLOWED_PRIVATE_HOSTS,
    webhookSecret: env.WEBHOOK_SECRET,
    metricsToken: env.METRICS_TOKEN,
  };
}
