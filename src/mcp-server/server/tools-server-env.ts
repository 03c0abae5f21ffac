/**
 * Owns the medcor-tools server's own environment (MCP_PORT, MCP_HOST, MCP_SERVER_TOKEN). The
 * database variables are read by db/database-registry.ts; both stop start-up with the variable's
 * name and what was expected.
 */
export interface ToolsServerEnv {
  port: number;
  host: string;
  token?: string;
}

export const DEFAULT_MCP_PORT = 8001;
export const DEFAULT_MCP_HOST = '0.0.0.0';

export function readToolsServerEnv(env: NodeJS.ProcessEnv = process.env): ToolsServerEnv {
  const rawPort = env.MCP_PORT?.trim();
  const port = rawPort ? Number(rawPort) : DEFAULT_MCP_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`MCP_PORT must be an integer between 1 and 65535, got "${rawPort}"`);
  }
  const host = env.MCP_HOST?.trim() || DEFAULT_MCP_HOST;
  if (/\s|\/|^https?:/i.test(host)) {
    throw new Error(`MCP_HOST must be a host name or IP address to listen on (e.g. 0.0.0.0), got "${host}"`);
  }
  const token = env.MCP_SERVER_TOKEN;
  if (token !== undefined && token !== '' && token.trim().length < 16) {
    // The value itself is never echoed: it is a secret.
    throw new Error('MCP_SERVER_TOKEN must be at least 16 characters when set (leave it unset to disable auth)');
  }
  return { port, host, ...(token ? { token: token.trim() } : {}) };
}
