/**
 * Owns what counts as a hard-coded secret, shared by the JavaScript rule and the Python checks:
 * a name that says secret given a literal that looks like one (long enough, high entropy, not a
 * placeholder), or a literal that is a key by its own shape (PEM private key, AWS/GitHub/Slack
 * tokens). Only string values are examined, never the surrounding code.
 */
const SECRET_NAME = /(password|passwd|pwd|secret|token|apikey|accesskey|secretkey|privatekey|signingkey|encryptionkey|clientsecret|credentials?|authkey|masterkey|dsn|connectionstring)$/;
const PLACEHOLDER = /^(\$\{.*\}|<.*>|%\(.*\)s|\{\{.*\}\}|your[-_ ].*|changeme|change_me|example|xxx+|\*+|todo|none|null|undefined|redacted)$/i;
const SHAPED_KEYS = [
  /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/,
  /\b(AKIA|ASIA)[A-Z0-9]{16}\b/,
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/,
  /\bxox[abpr]-[A-Za-z0-9-]{10,}/,
  /\bsk_live_[A-Za-z0-9]{16,}/,
  /^[a-z]+:\/\/[^:/\s]+:[^@/\s]{6,}@/,
];

/**
 * Key material anywhere in a text, by its own shape (not only as a whole string literal): PEM
 * private key blocks, cloud, VCS, chat and payment tokens, OpenAI-style keys, Google API keys and
 * JSON Web Tokens. Used to mask what is sent out (secret-masker.ts).
 */
export const KEY_SHAPES_IN_TEXT: RegExp[] = [
  /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]{0,20000}?-----END \1PRIVATE KEY-----/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g,
  /\bxox[abpr]-[A-Za-z0-9-]{10,255}/g,
  /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,255}/g,
  /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,255}/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\beyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{8,4096}/g,
];

export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

export function looksLikeKeyMaterial(value: string): boolean {
  return SHAPED_KEYS.some((pattern) => pattern.test(value));
}

/** `name` is the binding or key the literal is assigned to (any case, _ or - separated). */
export function isHardcodedSecret(name: string, value: string): boolean {
  if (looksLikeKeyMaterial(value)) return true;
  const normalised = name.toLowerCase().replace(/[^a-z]/g, '');
  if (!SECRET_NAME.test(normalised)) return false;
  if (value.length < 8 || /\s/.test(value) || PLACEHOLDER.test(value)) return false;
  if (/^(process\.env|os\.environ|https?:\/\/[^:@]*$)/.test(value)) return false;
  // Field and header names ('access_token', 'X-Auth-Token') are words, not key material.
  if (/^[A-Za-z]+([-_.][A-Za-z]+)*$/.test(value) && value.length < 24) return false;
  return shannonEntropy(value) >= 2.8;
}
