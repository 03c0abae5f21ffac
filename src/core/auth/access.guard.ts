import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessPath } from '../../shared/policy';
import { ACCESS_PATH, AccessRule } from './auth.decorators';
import { asksHighPriority, assertMayUse } from './access';
import type { AuthenticatedUser } from './authenticated-user';

interface AccessRequest {
  user?: AuthenticatedUser;
  body?: unknown;
}

/**
 * Global guard after authentication: the route's @Access path (or the path its body picks, e.g.
 * `query_type` on /query/) must be open to the caller's roles, and so must `priority: high` on
 * any request that asks for it. Every answer comes from the one policy: 403 names the roles.
 * It runs before validation, so it reads the raw body; a body the pipe will refuse anyway is
 * judged by the path it names, never let through.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_PATH, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AccessRequest>();
    const roles = request.user?.roles ?? [];
    if (rule !== undefined) assertMayUse(typeof rule === 'function' ? rule(request.body) : rule, roles);
    if (request.user && asksHighPriority(request.body)) assertMayUse(AccessPath.HighPriority, roles);
    return true;
  }
}
