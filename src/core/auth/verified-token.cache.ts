import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from './authenticated-user';

const MAX_ENTRIES = 10_000;
/** A verified token is trusted again for at most this long (JWKS key rotation, revocation lag). */
const MAX_AGE_MS = 60_000;

interface Entry {
  user: AuthenticatedUser;
  until: number;
}

/**
 * Tokens that TokenVerifier has verified, remembered by their exact header value until the
 * token's own `exp` (and never longer than a minute). A client polling a task sends the same
 * token hundreds of times; verifying its signature each time was the largest cost of the
 * status route. Bounded, oldest-first eviction (Map keeps insertion order).
 */
@Injectable()
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  get(header: string, now = Date.now()): AuthenticatedUser | undefined {
    const entry = this.entries.get(header);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(header);
      return undefined;
    }
    return entry.user;
  }

  set(header: string, user: AuthenticatedUser, now = Date.now()): void {
    const exp = expiryOf(header);
    if (exp === undefined) return; // no exp claim: verify every time
    const until = Math.min(exp * 1000, now + MAX_AGE_MS);
    if (until <= now) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(header, { user, until });
  }
}

/** The `exp` claim of an already verified bearer token (the payload is not trusted before that). */
function expiryOf(header: string): number | undefined {
  const payload = header.slice(header.indexOf(' ') + 1).split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}
