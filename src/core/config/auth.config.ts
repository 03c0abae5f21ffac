import { z } from 'zod';
import { envUrl, optionalString } from './env-helpers';

/** Used only outside production so that the quick start works; production refuses it. */
export const DEV_JWT_SECRET = 'medcor-dev-secret-change-me-0123456789';

export const authEnvSchema = z.object({
  JWT_SECRET: optionalString().pipe(z.string().min(32, 'expected at least 32 characters').optional()),
  JWT_JWKS_URI: optionalString().pipe(envUrl(['http:', 'https:']).optional()),
  JWT_ISSUER: optionalString(),
  JWT_AUDIENCE: optionalString(),
});

export type AuthConfig = ReturnType<typeof toAuthConfig>;

export function toAuthConfig(env: z.infer<typeof authEnvSchema>, nodeEnv: string) {
  // The algorithm is pinned by what is configured, never taken from the token's header.
  const algorithm = env.JWT_JWKS_URI ? ('RS256' as const) : ('HS256' as const);
  const secret = env.JWT_SECRET ?? (nodeEnv === 'production' ? undefined : DEV_JWT_SECRET);
  return {
    algorithm,
    secret,
    jwksUri: env.JWT_JWKS_URI,
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    usingDevSecret: !env.JWT_JWKS_URI && !env.JWT_SECRET,
  };
}
