import { z } from 'zod';
import { envInt, envUrl, optionalString, secretString } from './env-helpers';
import { ephemeralSecrets } from './local-secrets';

export const authEnvSchema = z.object({
  JWT_SECRET: secretString().pipe(z.string().min(32, 'expected at least 32 characters').optional()),
  JWT_JWKS_URI: optionalString().pipe(envUrl(['http:', 'https:']).optional()),
  JWT_ISSUER: optionalString(),
  JWT_AUDIENCE: optionalString(),
  /** Longest accepted token lifetime (exp - iat, or exp - now without iat); tokens without exp are refused. */
  JWT_MAX_AGE_SECONDS: envInt(86_400, 60, 30 * 86_400),
});

export type AuthConfig = ReturnType<typeof toAuthConfig>;

/**
 * `secret` is JWT_SECRET, or (on a loopback server outside production, which config.schema.ts
 * alone lets through without one) a random secret of this process: a fixed secret in the source
 * would let anyone who read it mint admin tokens.
 */
export function toAuthConfig(env: z.infer<typeof authEnvSchema>) {
  // The algorithm is pinned by what is configured, never taken from the token's header.
  const algorithm = env.JWT_JWKS_URI ? ('RS256' as const) : ('HS256' as const);
  const ephemeral = !env.JWT_JWKS_URI && !env.JWT_SECRET;
  return {
    algorithm,
    secret: env.JWT_JWKS_URI ? undefined : (env.JWT_SECRET ?? ephemeralSecrets().jwtSecret),
    jwksUri: env.JWT_JWKS_URI,
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    maxAgeSeconds: env.JWT_MAX_AGE_SECONDS,
    /** No secret was configured: tokens are signed with this process's random one. */
    ephemeralSecret: ephemeral,
  };
}
