import { Injectable } from '@nestjs/common';
import { bearerToken } from '../../shared/auth';
import { AppError, ErrorCode } from '../errors';
import type { AuthenticatedUser } from './authenticated-user';
import { TokenVerifier } from './token.verifier';
import { VerifiedTokenCache } from './verified-token.cache';

export { bearerToken };

/**
 * The one way a request is authenticated: the global JwtAuthGuard and the plain Fastify routes
 * (the status poll) both come here. A token is verified by TokenVerifier the first time it is
 * seen and then trusted from the cache until it expires (at most a minute), so polling does not
 * re-verify a signature per request.
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
