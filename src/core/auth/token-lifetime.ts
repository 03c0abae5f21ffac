/**
 * A token's lifetime rule, applied by the one verifier (TokenVerifier: the global guard, the
 * status route and the dashboard): `exp` is required, and a token may not be issued to
 * live longer than JWT_MAX_AGE_SECONDS. A token without `exp` never expires, and a leaked
 * year-long token is as good as a password: both are refused.
 */
export interface LifetimeClaims {
  exp?: unknown;
  iat?: unknown;
}

/** Why the token is refused, or undefined when its lifetime is acceptable. */
export function lifetimeProblem(claims: LifetimeClaims, maxAgeSeconds: number, nowSeconds = Date.now() / 1000): string | undefined {
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) return 'The bearer token has no expiry (exp claim)';
  const from = typeof claims.iat === 'number' && Number.isFinite(claims.iat) ? claims.iat : nowSeconds;
  if (claims.exp - from > maxAgeSeconds) return `The bearer token lives longer than the ${maxAgeSeconds} seconds allowed (JWT_MAX_AGE_SECONDS)`;
  return undefined;
}
