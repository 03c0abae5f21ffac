/**
 * Development secrets that are never published: on a loopback-only server without JWT_SECRET /
 * PHI_ENCRYPTION_KEY, the values come from the checkout's git-ignored secrets file (written once
 * by `npm start`, read by `npm run token`), else from random values made for this process only
 * (tokens then die with the process). A server reachable beyond loopback never gets here: the
 * config schema refuses it without real secrets.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The checkout root, from src/core/config (ts) or dist/core/config (js). */
const ROOT = path.resolve(__dirname, '../../..');
export const LOCAL_SECRETS_FILE = path.join(ROOT, '.medcor', 'dev-secrets.env');

/** The variables the secrets file holds (MCP_INTERNAL_SECRET is for the tools server's identity assertions). */
export const LOCAL_SECRET_VARIABLES = ['JWT_SECRET', 'PHI_ENCRYPTION_KEY', 'MCP_INTERNAL_SECRET'] as const;

const LOOPBACK = new Set(['localhost', '::1', '[::1]']);

/** True when a listener on this host is reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  return LOOPBACK.has(h) || /^127(\.\d{1,3}){3}$/.test(h);
}

/** `KEY=value` lines; blank lines and `#` comments ignored. */
export function parseSecretsFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && match[2]) values[match[1]] = match[2];
  }
  return values;
}

/**
 * The environment with missing secrets filled from the local secrets file, when this server
 * stays on loopback outside production. Variables already set always win.
 */
export function withLocalSecrets(env: NodeJS.ProcessEnv, file = LOCAL_SECRETS_FILE): { env: NodeJS.ProcessEnv; from?: string } {
  const host = env.HOST?.trim() || DEFAULT_HOST;
  if (env.NODE_ENV === 'production' || !isLoopbackHost(host) || !existsSync(file)) return { env };
  const stored = parseSecretsFile(readFileSync(file, 'utf8'));
  const filled: NodeJS.ProcessEnv = { ...env };
  let used = false;
  for (const name of LOCAL_SECRET_VARIABLES) {
    if (!env[name]?.trim() && stored[name]) {
      filled[name] = stored[name];
      used = true;
    }
  }
  return used ? { env: filled, from: file } : { env };
}

/** The default listen address: loopback; containers and manifests set HOST=0.0.0.0 explicitly. */
export const DEFAULT_HOST = '127.0.0.1';

let ephemeral: { jwtSecret: string; phiKey: string } | undefined;

/**
 * Random secrets made once per process, for a loopback server started without any: the same
 * values for every loadConfig call in the process, so the API and the workers of one process agree.
 */
export function ephemeralSecrets(): { jwtSecret: string; phiKey: string } {
  ephemeral ??= { jwtSecret: randomBytes(32).toString('base64url'), phiKey: randomBytes(32).toString('base64') };
  return ephemeral;
}
