import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AccessPath } from '../../shared/policy';
import { AuthenticatedUser } from './authenticated-user';

export const IS_PUBLIC = 'medcor:isPublic';
export const ACCESS_PATH = 'medcor:access';

/** A fixed policy path, or one picked from the raw request body (before validation). */
export type AccessRule = AccessPath | ((body: unknown) => AccessPath);

/** Skips JWT authentication (health endpoints only). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller needs a role that the access policy (src/shared/policy) opens this path to. */
export const Access = (rule: AccessRule) => SetMetadata(ACCESS_PATH, rule);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthenticatedUser => ctx.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);
