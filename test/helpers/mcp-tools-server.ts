/**
 * Starts our medcor-tools server in-process on a random port for tests, with a small set of test
 * tools by default. `stop()` and `restart()` keep the port, so a client configured with `url`
 * sees the same server go away and come back (with its sessions forgotten, as after a real
 * restart).
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { createToolsServer, type ToolsServer, type ToolsServerLogger } from '../../src/mcp-server/server';
import {
  defineTool,
  ToolError,
  ToolErrorCode,
  type ToolDefinition,
} from '../../src/mcp-server/tools/tool-definition';

export interface StartedToolsServer {
  /** The MCP endpoint (`http://127.0.0.1:<port>/mcp`). */
  url: string;
  /** `http://127.0.0.1:<port>`, for /health. */
  baseUrl: string;
  port: number;
  /** MCP_INTERNAL_SECRET of this server: give it to the gateway's client (and nobody else). */
  internalSecret: string;
  /** The current server instance (a new one after restart()). */
  readonly server: ToolsServer;
  /** Stops for good. */
  close(): Promise<void>;
  /** Stops, keeping the port for restart(). */
  stop(): Promise<void>;
  /** Starts a fresh server on the same port with the same tools and token. */
  restart(): Promise<void>;
}

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** A fresh MCP_INTERNAL_SECRET, as the quick start generates one. */
export function randomInternalSecret(): string {
  return randomBytes(32).toString('base64url');
}

export async function startToolsServer(
  options: { tools?: ToolDefinition[]; token?: string; internalSecret?: string; allowedHosts?: string[]; logger?: ToolsServerLogger } = {},
): Promise<StartedToolsServer> {
  const tools = options.tools ?? testTools();
  const internalSecret = options.internalSecret ?? randomInternalSecret();
  const make = () =>
    createToolsServer({ tools, token: options.token, internalSecret, allowedHosts: options.allowedHosts, logger: options.logger ?? quiet });
  let server = make();
  const { url, mcpUrl, port } = await server.listen(0, '127.0.0.1');
  let running = true;

  const stop = async () => {
    if (!running) return;
    running = false;
    await server.close();
  };
  return {
    url: mcpUrl,
    baseUrl: url,
    port,
    internalSecret,
    get server() {
      return server;
    },
    stop,
    close: stop,
    async restart() {
      await stop();
      server = make();
      await server.listen(port, '127.0.0.1');
      running = true;
    },
  };
}

/** Tools that exercise each path of the server: plain, structured, errors, progress, abort. */
export function testTools(): ToolDefinition[] {
  return [
    defineTool({
      name: 'echo',
      title: 'Echo',
      description: 'Returns the message it was given.',
      inputSchema: { message: z.string().min(1) },
      audience: 'agent',
      readOnly: true,
      handler: async ({ message }, ctx) => ({
        text: message,
        data: { message, requestId: ctx.requestId ?? null },
      }),
    }),
    defineTool({
      name: 'add',
      title: 'Add',
      description: 'Adds two numbers.',
      inputSchema: { a: z.number(), b: z.number() },
      audience: 'agent',
      readOnly: true,
      handler: async ({ a, b }) => ({ text: String(a + b), data: { sum: a + b } }),
    }),
    defineTool({
      name: 'refuse',
      title: 'Refuse',
      description: 'Always refuses with a ToolError.',
      inputSchema: {},
      audience: 'agent',
      readOnly: true,
      handler: async () => {
        throw new ToolError(ToolErrorCode.Refused, 'Refused on purpose', { reason: 'test' });
      },
    }),
    defineTool({
      name: 'crash',
      title: 'Crash',
      description: 'Throws an unexpected error whose message quotes its input, as a driver error would.',
      inputSchema: { note: z.string().optional() },
      audience: 'agent',
      readOnly: true,
      handler: async ({ note }) => {
        throw new Error(`secret detail that must not reach the caller: ${note ?? ''}`);
      },
    }),
    defineTool({
      name: 'slow',
      title: 'Slow',
      description: 'Reports progress every step and stops when cancelled.',
      inputSchema: { steps: z.number().int().min(1).max(100), stepMs: z.number().int().min(1).max(5000) },
      audience: 'agent',
      readOnly: true,
      handler: async ({ steps, stepMs }, ctx) => {
        for (let step = 1; step <= steps; step++) {
          await sleep(stepMs, undefined, { signal: ctx.signal }).catch(() => undefined);
          if (ctx.signal.aborted) throw new ToolError(ToolErrorCode.Timeout, 'cancelled');
          await ctx.progress(step, steps, `step ${step}`);
        }
        return { text: `done after ${steps} steps`, data: { steps } };
      },
    }),
    defineTool({
      name: 'whoami',
      title: 'Who am I',
      description: 'Says which caller the gateway asserted for this call.',
      inputSchema: {},
      audience: 'agent',
      readOnly: true,
      handler: async (_args, ctx) => ({
        text: ctx.actor ? `asserted caller ${ctx.actor.userId} with roles [${ctx.actor.roles.join(',')}]` : 'no asserted caller',
        data: { actor: ctx.actor ?? null },
      }),
    }),
    defineTool({
      name: 'audit_note',
      title: 'Audit note',
      description: 'An internal tool the LLM never sees.',
      inputSchema: { note: z.string() },
      audience: 'internal',
      readOnly: false,
      handler: async () => ({ text: 'noted' }),
    }),
  ];
}
