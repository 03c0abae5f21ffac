import { z } from 'zod';
import { MIN_INTERNAL_SECRET_LENGTH } from '../../shared/mcp-assertion';
import { parseMcpServers } from '../mcp/mcp-servers-config';
import { envInt, optionalString, secretString } from './env-helpers';

export const mcpEnvSchema = z.object({
  MCP_SERVER_URL: z.string().default('http://localhost:8001'),
  /** Seconds, as in the seed. */
  MCP_SERVER_TIMEOUT: envInt(30, 1, 3600),
  MCP_SERVER_TOKEN: secretString(),
  /** Shared with medcor-tools: signs each call's identity assertion (src/shared/mcp-assertion). */
  MCP_INTERNAL_SECRET: secretString().refine((v) => v === undefined || v.trim().length >= MIN_INTERNAL_SECRET_LENGTH, {
    message: `expected at least ${MIN_INTERNAL_SECRET_LENGTH} characters`,
  }),
  /** JSON `{name: {url, token?} | {command, args?}}`; parsed by core/mcp/mcp-servers-config.ts. */
  MCP_SERVERS: optionalString(),
});

export type McpConfig = ReturnType<typeof toMcpConfig>;

export function toMcpConfig(env: z.infer<typeof mcpEnvSchema>) {
  return {
    serverUrl: env.MCP_SERVER_URL,
    timeoutMs: env.MCP_SERVER_TIMEOUT * 1000,
    token: env.MCP_SERVER_TOKEN,
    /** Throws an Error naming MCP_SERVERS / MCP_SERVER_URL when they are wrong. */
    servers: parseMcpServers(env),
  };
}
