import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The one reader of `Authorization: Bearer <token>` headers, for the gateway (JWTs, the metrics
 * token) and the tools server (MCP_SERVER_TOKEN): the token, or undefined.
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  return match?.[1];
}

/**
 * Whether the header carries exactly this static token. Compares digests, not the raw strings:
 * timingSafeEqual needs equal lengths, and hashing first means neither the comparison time nor an
 * early length check reveals the token's length.
 */
export function bearerTokenMatches(authorization: string | undefined, expected: string): boolean {
  const token = bearerToken(authorization);
  if (token === undefined) return false;
  const given = createHash('sha256').update(token).digest();
  const wanted = createHash('sha256').update(expected).digest();
  return timingSafeEqual(given, wanted);
}
