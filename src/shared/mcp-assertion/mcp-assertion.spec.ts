import jwt from 'jsonwebtoken';
import { argsDigest, canonicalJson } from './canonical-args';
import {
  ASSERTION_TTL_SECONDS,
  CALL_AUDIENCE,
  sessionProofValid,
  signCallAssertion,
  signSessionProof,
  verifyCallAssertion,
} from './mcp-assertion';

const SECRET = 's'.repeat(40);
const actor = { userId: 'dr.raman', roles: ['clinician'], purpose: 'treatment', taskId: 'task-1', routing: 'background' };
const args = { patient_id: 17, purpose: 'treatment' };

/** A token with the right shape but chosen claims/options, as an attacker or a bug would make. */
function forge(claims: Record<string, unknown>, options: jwt.SignOptions = { expiresIn: 60 }, secret = SECRET): string {
  return jwt.sign(
    { roles: ['clinician'], tool: 'patient_record', args_sha256: argsDigest(args), ...claims },
    secret,
    { algorithm: 'HS256', audience: CALL_AUDIENCE, issuer: 'medcor-gateway', subject: 'dr.raman', jwtid: 'j1', ...options },
  );
}

describe('canonicalJson / argsDigest', () => {
  it('ignores key order and undefined members, as the JSON-RPC round trip does', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, undefined], c: 'x' }, e: undefined })).toBe('{"a":{"c":"x","d":[1,null]},"b":1}');
    expect(argsDigest({ a: 1, b: 2 })).toBe(argsDigest(JSON.parse(JSON.stringify({ b: 2, a: 1, c: undefined }))));
    expect(argsDigest({ a: 1 })).not.toBe(argsDigest({ a: 2 }));
  });
});

describe('call assertions', () => {
  it('round-trips the asserted identity for the same tool and arguments', () => {
    const token = signCallAssertion(SECRET, { actor, tool: 'patient_record', args, requestId: 'req-1' });
    const verified = verifyCallAssertion(SECRET, token, 'patient_record', { purpose: 'treatment', patient_id: 17 });
    expect(verified.actor).toEqual(actor);
    expect(verified.requestId).toBe('req-1');
    expect(verified.exp - Date.now() / 1000).toBeLessThanOrEqual(ASSERTION_TTL_SECONDS);
  });

  it('refuses it for another tool or other arguments', () => {
    const token = signCallAssertion(SECRET, { actor, tool: 'patient_record', args });
    expect(() => verifyCallAssertion(SECRET, token, 'audit_append', args)).toThrow(/another tool/);
    expect(() => verifyCallAssertion(SECRET, token, 'patient_record', { ...args, patient_id: 18 })).toThrow(/other arguments/);
  });

  it('refuses another secret, alg none, an expired token and one without exp or living too long', () => {
    expect(() => verifyCallAssertion(SECRET, forge({}, undefined, 'x'.repeat(40)), 'patient_record', args)).toThrow(/not valid/);
    const none = jwt.sign({ sub: 'dr.raman', roles: ['clinician'], tool: 'patient_record', args_sha256: argsDigest(args), aud: CALL_AUDIENCE, iss: 'medcor-gateway', jti: 'j', exp: Math.floor(Date.now() / 1000) + 60 }, '', { algorithm: 'none' });
    expect(() => verifyCallAssertion(SECRET, none, 'patient_record', args)).toThrow(/not valid/);
    expect(() => verifyCallAssertion(SECRET, forge({ iat: Math.floor(Date.now() / 1000) - 120 }), 'patient_record', args)).toThrow(/expired/);
    const noExp = forge({}, {});
    expect(() => verifyCallAssertion(SECRET, noExp, 'patient_record', args)).toThrow(/expire within/);
    expect(() => verifyCallAssertion(SECRET, forge({}, { expiresIn: 3600 }), 'patient_record', args)).toThrow(/expire within/);
  });

  it('refuses a session proof as a call assertion and the other way round', () => {
    const proof = signSessionProof(SECRET);
    expect(() => verifyCallAssertion(SECRET, proof, 'patient_record', args)).toThrow(/not valid/);
    expect(sessionProofValid(SECRET, proof)).toBe(true);
    expect(sessionProofValid(SECRET, signCallAssertion(SECRET, { actor, tool: 'patient_record', args }))).toBe(false);
    expect(sessionProofValid('y'.repeat(40), proof)).toBe(false);
    expect(sessionProofValid(SECRET, undefined)).toBe(false);
  });
});
