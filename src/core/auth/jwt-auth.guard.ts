import { ExecutionContext, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AppError, ErrorCode } from '../errors';
import { IS_PUBLIC } from './auth.decorators';
import type { AuthenticatedUser } from './authenticated-user';
import { UserRolesLedger } from './user-roles.ledger';
import { VerifiedTokenCache } from './verified-token.cache';

interface AuthRequest {
  headers: { authorization?: string };
  user?: AuthenticatedUser;
}

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(). passport-jwt
 * verifies a token the first time it is seen; the verified result is then reused until the
 * token expires (at most a minute), so polling does not re-verify a signature per request.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly verified: VerifiedTokenCache,
    @Optional() private readonly ledger?: UserRolesLedger,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const header = request.headers.authorization;
    const known = header ? this.verified.get(header) : undefined;
    if (known) {
      request.user = known;
      this.ledger?.seen(known);
      return true;
    }
    const allowed = (await super.canActivate(context)) as boolean;
    if (allowed && header && request.user) this.verified.set(header, request.user);
    if (allowed && request.user) this.ledger?.seen(request.user);
    return allowed;
  }

  override handleRequest<TUser>(err: unknown, user: TUser | false, info: unknown): TUser {
    if (err instanceof AppError) throw err; // our own refusal (e.g. the token's lifetime), message included
    if (err || !user) {
      throw new AppError(ErrorCode.Unauthorized, describeAuthFailure(info));
    }
    return user;
  }
}

function describeAuthFailure(info: unknown): string {
  const name = (info as { name?: string } | undefined)?.name;
  const message = (info as { message?: string } | undefined)?.message ?? '';
  if (name === 'TokenExpiredError') return 'The bearer token has expired';
  if (name === 'NotBeforeError') return 'The bearer token is not valid yet';
  if (name === 'JsonWebTokenError') return `The bearer token is invalid (${message})`;
  if (/no auth token/i.test(message)) return 'Authentication required: send Authorization: Bearer <JWT>';
  return 'The bearer token was not accepted';
}
