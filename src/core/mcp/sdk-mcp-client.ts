/**
 * Owns the gateway's view of all configured MCP servers as one McpClient: which tool name leads
 * to which server, availability across servers, and fan-out of start/close/ping. One
 * McpServerConnection per server does the connecting, reconnecting and calling.
 *
 * Tool names: a tool keeps its own name unless two servers expose the same one; then every copy
 * is called `server__tool`. The decision is made over each server's last known list, including
 * servers that are down right now, so a name does not flip while a server blips; names change only
 * when a server's list changes (list_changed or a reconnect that brings a different list).
 */
import { McpClient, type McpCallOptions, type McpServerStatus, type McpToolInfo, type McpToolResult } from './mcp-client';
import { McpServerConnection, type McpClientLogger } from './mcp-server-connection';
import type { McpServersConfig } from './mcp-servers-config';
import { AppError, ErrorCode } from '../errors';

export type { McpClientLogger } from './mcp-server-connection';

export interface SdkMcpClientOptions {
  servers: McpServersConfig;
  /** Default per-call timeout (MCP_SERVER_TIMEOUT); also bounds connecting and listing. */
  timeoutMs: number;
  /** Backoff between reconnect attempts (defaults 500 ms doubling to 5 s, with jitter). */
  reconnect?: { initialDelayMs: number; maxDelayMs: number };
  /** How often a connected server is pinged to notice a dead session (default 5 s). */
  pingIntervalMs?: number;
  logger?: McpClientLogger;
}

export const NAMESPACE_SEPARATOR = '__';

interface ToolRoute {
  connection: McpServerConnection;
  originalName: string;
  info: McpToolInfo;
}

export class SdkMcpClient extends McpClient {
  private readonly connections: McpServerConnection[];
  private readonly timeoutMs: number;
  private routes = new Map<string, ToolRoute>();

  constructor(options: SdkMcpClientOptions) {
    super();
    if (!(options.timeoutMs > 0)) throw new Error('SdkMcpClient: timeoutMs must be a positive number');
    this.timeoutMs = options.timeoutMs;
    const logger = options.logger ?? console;
    this.connections = Object.entries(options.servers).map(
      ([name, config]) =>
        new McpServerConnection({
          name,
          config,
          timeoutMs: options.timeoutMs,
          reconnect: options.reconnect ?? { initialDelayMs: 500, maxDelayMs: 5000 },
          pingIntervalMs: options.pingIntervalMs ?? 5000,
          logger,
          onChange: () => this.rebuildRoutes(),
        }),
    );
  }

  /** Waits for each server's first attempt; never throws, a server that is down keeps retrying. */
  async start(): Promise<void> {
    await Promise.allSettled(this.connections.map((connection) => connection.start()));
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.connections.map((connection) => connection.close()));
  }

  /** Tools of the servers connected now; a down server's tools would only fail if offered. */
  override async listTools(): Promise<McpToolInfo[]> {
    return [...this.routes.values()]
      .filter((route) => route.connection.isConnected)
      .map((route) => route.info);
  }

  override async callTool(
    name: string,
    args: Record<string, unknown>,
    options: McpCallOptions = {},
  ): Promise<McpToolResult> {
    const route = this.routes.get(name);
    if (!route) {
      const unlisted = this.connections.filter((connection) => !connection.toolsKnown);
      if (unlisted.length > 0) {
        // The tool may live on a server we have never reached: that is an outage, not a bad name.
        throw new AppError(
          ErrorCode.McpUnavailable,
          `MCP tool ${name} is unknown and server(s) ${unlisted.map((c) => c.name).join(', ')} are unreachable`,
          { transient: true, details: { servers: unlisted.map((c) => c.name) } },
        );
      }
      const text = JSON.stringify({ error: `Unknown tool: ${name}`, code: 'not_found' });
      return { isError: true, text, errorCode: 'not_found' };
    }
    if (options.signal?.aborted) {
      throw new AppError(ErrorCode.Cancelled, `MCP tool ${name} was cancelled before it started`);
    }
    return route.connection.callTool(route.originalName, args, {
      ...options,
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
    });
  }

  override isAvailable(): boolean {
    return this.connections.some((connection) => connection.isConnected);
  }

  override status(): McpServerStatus[] {
    return this.connections.map((connection) => connection.status());
  }

  override async ping(timeoutMs: number): Promise<boolean> {
    const answers = await Promise.all(this.connections.map((connection) => connection.ping(timeoutMs)));
    return answers.some(Boolean);
  }

  private rebuildRoutes(): void {
    const owners = new Map<string, number>();
    for (const connection of this.connections) {
      for (const tool of connection.tools) owners.set(tool.name, (owners.get(tool.name) ?? 0) + 1);
    }
    const routes = new Map<string, ToolRoute>();
    for (const connection of this.connections) {
      for (const tool of connection.tools) {
        const name = (owners.get(tool.name) ?? 0) > 1 ? `${connection.name}${NAMESPACE_SEPARATOR}${tool.name}` : tool.name;
        const audience = tool._meta?.['medcor/audience'] === 'internal' ? 'internal' : 'agent';
        routes.set(name, {
          connection,
          originalName: tool.name,
          info: {
            name,
            server: connection.name,
            originalName: tool.name,
            ...(tool.title ?? tool.annotations?.title ? { title: tool.title ?? tool.annotations?.title } : {}),
            ...(tool.description ? { description: tool.description } : {}),
            inputSchema: tool.inputSchema as Record<string, unknown>,
            audience,
          },
        });
      }
    }
    this.routes = routes;
  }
}
