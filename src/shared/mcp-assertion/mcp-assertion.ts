/**
 * Owns the trust between the gateway and medcor-tools, which share MCP_INTERNAL_SECRET:
 *
 * - a call assertion: a JWT (HS256, 60 s) the gateway signs for ONE tool call, naming the user,
 *   roles, purpose, task and routing, the tool and a digest of its arguments; the tools server
 *   turns it into `ctx.actor`. Bound to the tool and arguments and usable once, so a captured
 *   assertion cannot be replayed for another call;
 * - a session proof: a JWT with its own audience that the gateway sends when it opens an MCP
 *   session, so the tools server lists the internal tools only to the gateway.
 *
 * The two audiences differ so that neither token can stand in for the other. Shared by the
 * gateway (signs) and the tools server (verifies); imports nothing else of the app.
 */
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { argsDigest } from './canonical-args';

/** Where the call assertion travels: the tools/call request's `_meta`. */
export const ASSERTION_META_KEY = 'medcor/assertion';
/** The HTTP header carrying the session proof on the MCP initialize request. */
export const SESSION_PROOF_HEADER = 'x-medcor-internal-proof';

export const CALL_AUDIENCE = 'medcor-tools';
export const SESSION_AUDIENCE = 'medcor-tools/session';
const ISSUER = 'medcor-gateway';
const ALGORITHM = 'HS256';
export const ASSERTION_TTL_SECONDS = 60;
/** Leeway for clock skew between the gateway and the tools server. */
const CLOCK_TOLERANCE_SECONDS = 5;
export const MIN_INTERNAL_SECRET_LENGTH = 32;

/** The identity the gateway asserts for one call; tools see it as `ctx.actor`. */
export interface AssertedActor {
  /** The login name (JWT sub). */
  userId: string;
  roles: string[];
  /** Why the data is read (`treatment`, `general_query`, `database`, …), for the audit log. */
  purpose?: string;
  taskId?: string;
  /** How the gateway routed the request (`inline`, `background`), for the audit log. */
  routing?: string;
}

export interface CallAssertionInput {
  actor: AssertedActor;
  tool: string;
  args: Record<string, unknown>;
  requestId?: string;
}

export interface VerifiedCall {
  actor: AssertedActor;
  requestId?: string;
  /** Unique per assertion, for single use. */
  jti: string;
  /** Seconds since the epoch. */
  exp: number;
}

export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

interface CallClaims {
  sub: string;
  roles: string[];
  purpose?: string;
  task_id?: string;
  routing?: string;
  request_id?: string;
  tool: string;
  args_sha256: string;
  jti: string;
  exp: number;
  iat: number;
}

export function signCallAssertion(secret: string, input: CallAssertionInput): string {
  const { actor } = input;
  const claims: Record<string, unknown> = { roles: actor.roles, tool: input.tool, args_sha256: argsDigest(input.args) };
  if (actor.purpose !== undefined) claims.purpose = actor.purpose;
  if (actor.taskId !== undefined) claims.task_id = actor.taskId;
  if (actor.routing !== undefined) claims.routing = actor.routing;
  if (input.requestId !== undefined) claims.request_id = input.requestId;
  return jwt.sign(claims, secret, {
    algorithm: ALGORITHM,
    audience: CALL_AUDIENCE,
    issuer: ISSUER,
    subject: actor.userId,
    expiresIn: ASSERTION_TTL_SECONDS,
    jwtid: randomUUID(),
  });
}

/**
 * Checks signature (HS256 only), audience, issuer, expiry (required, at most the TTL), and that
 * the assertion names this tool and these arguments. Throws AssertionError with a reason that
 * quotes no claim values.
 */
export function verifyCallAssertion(secret: string, token: string, tool: string, args: Record<string, unknown> | undefined): VerifiedCall {
  const claims = verifyJwt(secret, token, CALL_AUDIENCE) as Partial<CallClaims>;
  if (typeof claims.sub !== 'string' || claims.sub === '' || !Array.isArray(claims.roles) || !claims.roles.every((r) => typeof r === 'string')) {
    throw new AssertionError('The identity assertion names no user or roles');
  }
  if (typeof claims.jti !== 'string' || claims.jti === '') throw new AssertionError('The identity assertion has no id');
  if (claims.tool !== tool) throw new AssertionError('The identity assertion was issued for another tool');
  if (claims.args_sha256 !== argsDigest(args)) throw new AssertionError('The identity assertion was issued for other arguments');
  const actor: AssertedActor = { userId: claims.sub, roles: claims.roles };
  if (typeof claims.purpose === 'string') actor.purpose = claims.purpose;
  if (typeof claims.task_id === 'string') actor.taskId = claims.task_id;
  if (typeof claims.routing === 'string') actor.routing = claims.routing;
  return {
    actor,
    jti: claims.jti,
    exp: claims.exp as number,
    ...(typeof claims.request_id === 'string' ? { requestId: claims.request_id } : {}),
  };
}

export function signSessionProof(secret: string): string {
  return jwt.sign({}, secret, {
    algorithm: ALGORITHM,
    audience: SESSION_AUDIENCE,
    issuer: ISSUER,
    expiresIn: ASSERTION_TTL_SECONDS,
    jwtid: randomUUID(),
  });
}

/** True when `token` is a valid, unexpired session proof signed with `secret`. */
export function sessionProofValid(secret: string, token: string | undefined): boolean {
  if (!token) return false;
  try {
    verifyJwt(secret, token, SESSION_AUDIENCE);
    return true;
  } catch {
    return false;
  }
}

function verifyJwt(secret: string, token: string, audience: string): jwt.JwtPayload {
  let payload: string | jwt.JwtPayload;
  try {
    payload = jwt.verify(token, secret, {
      algorithms: [ALGORITHM],
      audience,
      issuer: ISSUER,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) throw new AssertionError('The identity assertion has expired');
    throw new AssertionError('The identity assertion is not valid');
  }
  if (typeof payload === 'string') throw new AssertionError('The identity assertion is not valid');
  // jsonwebtoken accepts a token without exp; a long-lived assertion would be a bearer credential.
  if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number' || payload.exp - payload.iat > ASSERTION_TTL_SECONDS) {
    throw new AssertionError('The identity assertion must expire within 60 seconds');
  }
  return payload;
}
