import { AccessPath, deniedMessage, mayUse, rolesFor } from '../../shared/policy';
import { AppError, ErrorCode } from '../errors';

/**
 * 403 unless a caller with these roles may use the path (the one policy in src/shared/policy).
 * The error names the roles that would do, for the client and its administrator.
 */
export function assertMayUse(path: AccessPath, roles: readonly string[]): void {
  if (mayUse(path, roles)) return;
  throw new AppError(ErrorCode.Forbidden, deniedMessage(path), { details: { path, required_roles: [...rolesFor(path)] } });
}

/** `priority: high` in a submit body: reserved to the roles of AccessPath.HighPriority. */
export function asksHighPriority(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { priority?: unknown }).priority === 'high';
}
