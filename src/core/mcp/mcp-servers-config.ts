/**
 * Owns how the gateway learns which MCP servers to use: MCP_SERVER_URL (+ MCP_SERVER_TOKEN) names
 * our own medcor-tools server as `medcor`, and MCP_SERVERS (a JSON object) adds servers or
 * overrides `medcor`. Every mistake is reported with the variable's name.
 */
import { z } from 'zod';

export interface McpServerConfig {
  /** Streamable HTTP endpoint (…/mcp). Exactly one of `url` and `command` is set. */
  url?: string;
  /** Sent as `Authorization: Bearer <token>` to an HTTP server. */
  token?: string;
  /**
   * MCP_INTERNAL_SECRET, for our own server only: signs the session proof (internal tools) and
   * each call's identity assertion. Never set from MCP_SERVERS, so no other server gets either.
   */
  internalSecret?: string;
  /** A stdio server: the executable and its arguments. */
  command?: string;
  args?: string[];
  env?: Record<string, string>;
}

export type McpServersConfig = Record<string, McpServerConfig>;

export const DEFAULT_MCP_SERVER_URL = 'http://localhost:8001';

const serverNamePattern = /^[A-Za-z0-9_-]+$/;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const serverSchema = z
  .object({
    url: httpUrl.optional(),
    token: z.string().min(1).optional(),
    command: z.string().min(1).optional(),
    args: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
  })
  .strict()
  .refine((server) => (server.url === undefined) !== (server.command === undefined), {
    error: 'needs exactly one of "url" (Streamable HTTP) or "command" (stdio)',
  });

const serversSchema = z.record(z.string(), serverSchema);

/** `http://host:8001` and `http://host:8001/mcp` both mean the endpoint `http://host:8001/mcp`. */
export function toMcpEndpoint(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/mcp') ? trimmed : `${trimmed}/mcp`;
}

export function parseMcpServers(env: {
  MCP_SERVERS?: string;
  MCP_SERVER_URL?: string;
  MCP_SERVER_TOKEN?: string;
  MCP_INTERNAL_SECRET?: string;
}): McpServersConfig {
  const baseUrl = env.MCP_SERVER_URL?.trim() || DEFAULT_MCP_SERVER_URL;
  if (!httpUrl.safeParse(baseUrl).success) {
    throw new Error(`MCP_SERVER_URL must be an http(s) URL, got "${baseUrl}"`);
  }
  const servers: McpServersConfig = {
    medcor: {
      url: toMcpEndpoint(baseUrl),
      ...(env.MCP_SERVER_TOKEN ? { token: env.MCP_SERVER_TOKEN } : {}),
      ...(env.MCP_INTERNAL_SECRET ? { internalSecret: env.MCP_INTERNAL_SECRET } : {}),
    },
  };

  const raw = env.MCP_SERVERS?.trim();
  if (!raw) return servers;

  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('MCP_SERVERS must be a JSON object like {"name": {"url": "http://host/mcp"}}; it is not valid JSON');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error('MCP_SERVERS must be a JSON object keyed by server name');
  }
  const badName = Object.keys(json).find((name) => !serverNamePattern.test(name));
  if (badName !== undefined) {
    // A name may become part of a tool name (`server__tool`), which LLM APIs limit to [A-Za-z0-9_-].
    throw new Error(`MCP_SERVERS is invalid: server name "${badName}": server names may hold only letters, digits, "_" and "-"`);
  }
  const parsed = serversSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : '(root)';
      return `${where}: ${issue.message}`;
    });
    // The names and fields are quoted, never the values: a token may sit among them.
    throw new Error(`MCP_SERVERS is invalid: ${problems.join('; ')}`);
  }
  // URLs in MCP_SERVERS are taken as written: other servers' endpoints need not end in /mcp.
  // An override of `medcor` keeps the internal secret: it is still our own server.
  const merged: McpServersConfig = { ...servers, ...parsed.data };
  if (parsed.data.medcor && servers.medcor.internalSecret) merged.medcor = { ...parsed.data.medcor, internalSecret: servers.medcor.internalSecret };
  return merged;
}
