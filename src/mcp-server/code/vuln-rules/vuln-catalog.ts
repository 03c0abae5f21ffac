/**
 * Owns what each vulnerability rule means to a reader: its class, CWE, severity and the fix to
 * apply. Keyed by rule id, so our rules, the maintained plugins' rules and the Python checks all
 * carry the same metadata onto their findings.
 */
import type { FindingSeverity } from '../code-analysis.types';

export type VulnClass =
  | 'sql-injection' | 'nosql-injection' | 'command-injection' | 'path-traversal' | 'xss' | 'ssrf'
  | 'open-redirect' | 'hardcoded-secret' | 'weak-crypto' | 'code-injection' | 'deserialisation'
  | 'prototype-pollution' | 'redos' | 'jwt' | 'tls';

export interface VulnInfo {
  vulnClass: VulnClass;
  cwe: string;
  severity: FindingSeverity;
  fix: string;
}

const v = (vulnClass: VulnClass, cwe: string, severity: FindingSeverity, fix: string): VulnInfo => ({ vulnClass, cwe, severity, fix });

const SQL = v('sql-injection', 'CWE-89', 'error', 'Pass values as bound parameters ($1 / ? placeholders, tagged $queryRaw, knex bindings) instead of building the SQL text.');
const CMD = v('command-injection', 'CWE-78', 'error', 'Use execFile/spawn with a fixed binary and an argument array, without a shell.');
const PATH = v('path-traversal', 'CWE-22', 'error', 'Take path.basename of the input or resolve it against a fixed base directory and reject results outside it.');
const XSS = v('xss', 'CWE-79', 'error', 'Write text with textContent or escape it for HTML (or sanitise with DOMPurify) before it reaches markup.');
const EVAL = v('code-injection', 'CWE-95', 'error', 'Never evaluate strings as code; parse data with JSON.parse or dispatch to known functions.');
const DESER = v('deserialisation', 'CWE-502', 'error', 'Deserialise with a data-only format (JSON.parse, yaml safe schema, yaml.safe_load) and validate the result.');
const WEAK_HASH = v('weak-crypto', 'CWE-328', 'error', 'Hash passwords with a slow salted KDF (bcrypt, scrypt, argon2; hashlib.scrypt/pbkdf2_hmac), never md5/sha1.');
const SECRET = v('hardcoded-secret', 'CWE-798', 'error', 'Read secrets from the environment or a secret manager; rotate the one committed here.');
const TLS = v('tls', 'CWE-295', 'error', 'Keep certificate verification on; trust a private CA with the `ca` option (verify=<ca bundle> in Python).');

export const VULN_CATALOG: Readonly<Record<string, VulnInfo>> = {
  'medcor/sql-injection': SQL,
  'medcor/nosql-injection': v('nosql-injection', 'CWE-943', 'error', 'Coerce each filter value to the expected primitive (String(x)) and never pass $where or a whole request object as a filter.'),
  'medcor/command-injection': CMD,
  'medcor/path-traversal': PATH,
  'medcor/xss-response': XSS,
  'no-unsanitized/property': XSS,
  'no-unsanitized/method': XSS,
  'medcor/ssrf': v('ssrf', 'CWE-918', 'error', 'Fetch only URLs built from a fixed origin, or check the host against an allow-list before the request.'),
  'medcor/open-redirect': v('open-redirect', 'CWE-601', 'warning', 'Redirect only to relative paths or to targets looked up in an allow-list.'),
  'medcor/hardcoded-secret': SECRET,
  'medcor/weak-hash': WEAK_HASH,
  'medcor/insecure-random': v('weak-crypto', 'CWE-338', 'error', 'Use crypto.randomBytes / crypto.randomUUID (secrets module in Python) for tokens, ids and secrets.'),
  'medcor/weak-cipher': v('weak-crypto', 'CWE-327', 'error', 'Use createCipheriv with AES-256-GCM and a random IV; never ECB, DES, RC4 or createCipher.'),
  'medcor/weak-key': v('weak-crypto', 'CWE-326', 'error', 'Generate RSA keys of at least 2048 bits (3072 recommended).'),
  'medcor/code-injection': EVAL,
  'no-eval': EVAL,
  'no-new-func': EVAL,
  'no-implied-eval': EVAL,
  'security/detect-eval-with-expression': EVAL,
  'medcor/insecure-deserialisation': DESER,
  'medcor/prototype-pollution': v('prototype-pollution', 'CWE-1321', 'error', 'Copy only known fields, reject __proto__/constructor/prototype keys, or use Map / Object.create(null).'),
  'security/detect-unsafe-regex': v('redos', 'CWE-1333', 'warning', 'Rewrite the pattern without nested or overlapping quantifiers (or bound the input length) to avoid catastrophic backtracking.'),
  'medcor/jwt-verify': v('jwt', 'CWE-347', 'error', 'Call jwt.verify with an explicit { algorithms: [...] } list; never trust jwt.decode for authentication.'),
  'medcor/tls-verification': TLS,
  'python/sql-injection': SQL,
  'python/command-injection': CMD,
  'python/code-injection': EVAL,
  'python/insecure-deserialisation': DESER,
  'python/ssrf': v('ssrf', 'CWE-918', 'error', 'Request only URLs built from a fixed origin, or check the host against an allow-list first.'),
  'python/hardcoded-secret': SECRET,
  'python/weak-hash': WEAK_HASH,
  'python/tls-verification': TLS,
  'python/insecure-random': v('weak-crypto', 'CWE-338', 'error', 'Use the secrets module (secrets.token_urlsafe, secrets.token_hex) for tokens and keys.'),
  'python/path-traversal': PATH,
};

export function vulnInfo(rule: string): VulnInfo | undefined {
  return VULN_CATALOG[rule];
}
