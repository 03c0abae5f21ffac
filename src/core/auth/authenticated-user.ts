/** Who is calling, from the verified JWT: `sub` is the user, `roles` the roles claim. */
export interface AuthenticatedUser {
  userId: string;
  roles: string[];
}

export { Role } from '../../shared/policy';
