/**
 * Random secrets for tests and the tokens signed with them: no test signs with a secret that is
 * published anywhere, and each test app has its own (test-app.ts).
 */
import jwt from 'jsonwebtoken';
import { randomBytes } from 'node:crypto';

export interface TestSecrets {
  JWT_SECRET: string;
  PHI_ENCRYPTION_KEY: string;
}

/** Fresh random secrets: no test signs with a secret published anywhere. */
export function randomSecrets(): TestSecrets {
  return {
    JWT_SECRET: randomBytes(32).toString('base64url'),
    PHI_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
}

/**
 * The secrets of this test process, for services started as child processes (app-process.ts, the
 * fault harness): pass them in the child's environment and sign with `signToken`'s default.
 */
export const TEST_SECRETS: TestSecrets = randomSecrets();

/** An HS256 token valid for an hour; `claims` may override exp/iat (or set `exp: undefined`). */
export function signToken(sub: string, roles: string[] = [], claims: Record<string, unknown> = {}, secret = TEST_SECRETS.JWT_SECRET): string {
  const now = Math.floor(Date.now() / 1000);
  return jwt.sign(dropUndefined({ sub, roles, iat: now, exp: now + 3600, ...claims }), secret, { algorithm: 'HS256', noTimestamp: true });
}

function dropUndefined(claims: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
}
