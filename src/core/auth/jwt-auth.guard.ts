import { CanActivate, ExecutionContext, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from './auth.decorators';
import type { AuthenticatedUser } from './authenticated-user';
import { BearerAuthenticator } from './bearer.authenticator';
import { UserRolesLedger } from './user-roles.ledger';

interface AuthRequest {
  headers: { authorization?: string };
  user?: AuthenticatedUser;
}

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(). Verification is
 * BearerAuthenticator's, the same as the plain Fastify routes use (one verifier, one cache).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly bearer: BearerAuthenticator,
    @Optional() private readonly ledger?: UserRolesLedger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const user = await this.bearer.authenticate(request.headers.authorization);
    request.user = user;
    this.ledger?.seen(user);
    return true;
  }
}
