/**
 * Owns the tools server's side of the gateway's identity assertions: verifying one call's
 * assertion into a ToolActor, and refusing a second use of the same assertion. The cryptography
 * and claim checks live in src/shared/mcp-assertion (the gateway signs with the same module).
 *
 * Single use is per process: with several tools-server replicas an assertion could be spent
 * once per replica, still only for the same tool, arguments and user within its 60 s.
 */
import { AssertionError, sessionProofValid, verifyCallAssertion } from '../../shared/mcp-assertion';
import { ToolError, ToolErrorCode, type ToolActor } from '../tools/tool-definition';

/** Bounds memory if a flood of valid assertions arrives within one lifetime. */
const MAX_REMEMBERED = 100_000;

export class CallAssertionVerifier {
  /** jti → exp (seconds): an assertion is remembered until it would have expired anyway. */
  private readonly spent = new Map<string, number>();

  constructor(private readonly secret: string) {}

  /** True when the initialize request carried a valid session proof (the gateway). */
  sessionProven(proof: string | undefined): boolean {
    return sessionProofValid(this.secret, proof);
  }

  verify(token: string, tool: string, args: Record<string, unknown> | undefined): { actor: ToolActor; requestId?: string } {
    let verified;
    try {
      verified = verifyCallAssertion(this.secret, token, tool, args);
    } catch (error) {
      const reason = error instanceof AssertionError ? error.message : 'The identity assertion is not valid';
      throw new ToolError(ToolErrorCode.Forbidden, reason);
    }
    this.forgetExpired();
    if (this.spent.has(verified.jti)) throw new ToolError(ToolErrorCode.Forbidden, 'The identity assertion was already used');
    if (this.spent.size >= MAX_REMEMBERED) throw new ToolError(ToolErrorCode.Unavailable, 'Too many identity assertions in flight; retry shortly');
    this.spent.set(verified.jti, verified.exp);
    return { actor: verified.actor, ...(verified.requestId ? { requestId: verified.requestId } : {}) };
  }

  private forgetExpired(): void {
    // Insertion order is issue order within a few seconds, so the oldest come first.
    const now = Date.now() / 1000 - 10;
    for (const [jti, exp] of this.spent) {
      if (exp > now) break;
      this.spent.delete(jti);
    }
  }
}
