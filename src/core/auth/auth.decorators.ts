import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { AuthenticatedUser, Role } from './authenticated-user';

export const IS_PUBLIC = 'medcor:isPublic';
export const REQUIRED_ROLES = 'medcor:roles';

/** Skips JWT authentication (health endpoints only). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller needs at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthenticatedUser => ctx.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);
