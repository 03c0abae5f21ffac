/**
 * Owns the digest that binds an identity assertion to one tool call's arguments. Both sides
 * hash the arguments as JSON-RPC carries them, so key order and `undefined` members (which JSON
 * drops) must not change the digest.
 */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth; `undefined` members dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined && typeof member !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}

export function argsDigest(args: Record<string, unknown> | undefined): string {
  return createHash('sha256').update(canonicalJson(args ?? {})).digest('base64url');
}
