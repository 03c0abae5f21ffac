/**
 * Owns the medcor-tools server's own environment (MCP_PORT, MCP_HOST, MCP_SERVER_TOKEN,
 * MCP_INTERNAL_SECRET, MCP_ALLOWED_HOSTS). The database variables are read by
 * db/database-registry.ts; both stop start-up with the variable's name and what was expected.
 *
 * Trust no one by default: loopback unless MCP_HOST says otherwise; beyond loopback a bearer
 * token is required whatever NODE_ENV says; in production both the token and the internal secret
 * shared with the gateway are required.
 */
import { refusePublishedPlaceholder } from '../../shared/auth';
import { MIN_INTERNAL_SECRET_LENGTH } from '../../shared/mcp-assertion';
import { bareHostName } from './host-check';

export interface ToolsServerEnv {
  port: number;
  host: string;
  token?: string;
  /** Shared with the gateway: verifies identity assertions and session proofs. */
  internalSecret?: string;
  /** Extra Host header names accepted besides the bind address and loopback. */
  allowedHosts: string[];
}

export const DEFAULT_MCP_PORT = 8001;
export const DEFAULT_MCP_HOST = '127.0.0.1';

export function isLoopbackHost(host: string): boolean {
  const bare = bareHostName(host);
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

export function readToolsServerEnv(env: NodeJS.ProcessEnv = process.env): ToolsServerEnv {
  const rawPort = env.MCP_PORT?.trim();
  const port = rawPort ? Number(rawPort) : DEFAULT_MCP_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`MCP_PORT must be an integer between 1 and 65535, got "${rawPort}"`);
  }
  const host = env.MCP_HOST?.trim() || DEFAULT_MCP_HOST;
  if (/\s|\/|^https?:/i.test(host)) {
    throw new Error(`MCP_HOST must be a host name or IP address to listen on (e.g. 127.0.0.1 or 0.0.0.0), got "${host}"`);
  }
  // Values are never echoed below: they are secrets.
  const token = env.MCP_SERVER_TOKEN?.trim() || undefined;
  refusePublishedPlaceholder('MCP_SERVER_TOKEN', token);
  if (token !== undefined && token.length < 16) {
    throw new Error('MCP_SERVER_TOKEN must be at least 16 characters when set');
  }
  const internalSecret = env.MCP_INTERNAL_SECRET?.trim() || undefined;
  refusePublishedPlaceholder('MCP_INTERNAL_SECRET', internalSecret);
  if (internalSecret !== undefined && internalSecret.length < MIN_INTERNAL_SECRET_LENGTH) {
    throw new Error(`MCP_INTERNAL_SECRET must be at least ${MIN_INTERNAL_SECRET_LENGTH} characters when set`);
  }
  if (!token && !isLoopbackHost(host)) {
    throw new Error(`MCP_SERVER_TOKEN is required to listen on ${host} (beyond loopback); set it, or set MCP_HOST=127.0.0.1`);
  }
  if (env.NODE_ENV === 'production') {
    const missing = [!token && 'MCP_SERVER_TOKEN', !internalSecret && 'MCP_INTERNAL_SECRET'].filter(Boolean);
    if (missing.length) throw new Error(`${missing.join(' and ')} must be set in production (NODE_ENV=production)`);
  }
  const allowedHosts = (env.MCP_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
  const badHost = allowedHosts.find((entry) => /\s|\/|^https?:/i.test(entry));
  if (badHost !== undefined) throw new Error(`MCP_ALLOWED_HOSTS must list host names separated by commas (no scheme or path), got "${badHost}"`);
  return { port, host, allowedHosts, ...(token ? { token } : {}), ...(internalSecret ? { internalSecret } : {}) };
}
