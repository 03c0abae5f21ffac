import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AppError, ErrorCode } from '../errors';
import { IS_PUBLIC } from './auth.decorators';

/** Global guard: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    return super.canActivate(context);
  }

  override handleRequest<TUser>(err: unknown, user: TUser | false, info: unknown): TUser {
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
