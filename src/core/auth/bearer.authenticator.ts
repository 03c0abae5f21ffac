import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../errors';
import type { AuthenticatedUser } from './authenticated-user';
import { TokenVerifier } from './token.verifier';
import { VerifiedTokenCache } from './verified-token.cache';

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1];
}

/**
 * Authentication for plain Fastify routes (the status poll), with the same rules and the same
 * verified-token cache as the global JwtAuthGuard: a token verified by either is trusted by both
 * until it expires (at most a minute).
 */
@Injectable()
export class BearerAuthenticator {
  constructor(
    private readonly verified: VerifiedTokenCache,
    private readonly verifier: TokenVerifier,
  ) {}

  /** A user already verified for this exact header, without any promise (the polling fast path). */
  known(authorization: string | undefined): AuthenticatedUser | undefined {
    return authorization ? this.verified.get(authorization) : undefined;
  }

  /** Verifies the bearer token (401 AppError when missing or refused) and remembers the result. */
  async authenticate(authorization: string | undefined): Promise<AuthenticatedUser> {
    const known = this.known(authorization);
    if (known) return known;
    const token = bearerToken(authorization);
    if (!token) throw new AppError(ErrorCode.Unauthorized, 'Authentication required: send Authorization: Bearer <JWT>');
    const { userId, roles } = await this.verifier.verify(token);
    const user = { userId, roles };
    this.verified.set(authorization as string, user);
    return user;
  }
}
