/**
 * Owns the life of the connection to one MCP server: connecting, the cached tool list, the
 * periodic ping, noticing a lost session and reconnecting with backoff, and making calls on it.
 *
 * A Streamable HTTP session dies with its server, and nothing in the transport says so until the
 * next request fails. So loss is detected four ways: the transport's onclose (stdio exit),
 * its onerror (the SSE stream dropped; we then ping at once to confirm), a call failing at the
 * connection level, and a ping every `pingIntervalMs`. Each ends in markDown(), which closes the
 * SDK client (failing any call still waiting on it) and schedules a reconnect.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ToolListChangedNotificationSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { ASSERTION_META_KEY, SESSION_PROOF_HEADER, signCallAssertion, signSessionProof } from '../../shared/mcp-assertion';
import { AppError, ErrorCode } from '../errors';
import type { McpCallOptions, McpServerStatus, McpToolResult } from './mcp-client';
import { classifyCallError, describeConnectionError, toToolResult } from './mcp-call-outcome';
import { mcpCallSignal } from './mcp-call-signal';
import type { McpServerConfig } from './mcp-servers-config';

export const REQUEST_ID_META_KEY = 'medcor/request_id';

export interface McpClientLogger {
  log(message: string, ...context: unknown[]): void;
  warn(message: string, ...context: unknown[]): void;
  error(message: string, ...context: unknown[]): void;
}

export interface McpServerConnectionOptions {
  name: string;
  config: McpServerConfig;
  timeoutMs: number;
  reconnect: { initialDelayMs: number; maxDelayMs: number };
  pingIntervalMs: number;
  logger: McpClientLogger;
  /** Called whenever this server's tool list or availability changes. */
  onChange: () => void;
}

export class McpServerConnection {
  readonly name: string;
  readonly transport: 'http' | 'stdio';
  /** The last list this server gave (kept while it is down, so names stay stable). */
  tools: Tool[] = [];
  /** False until the first successful listing; an unknown tool may live on such a server. */
  toolsKnown = false;
  private client?: Client;
  private connected = false;
  private closed = false;
  private lastError?: string;
  /** Bumped on every connect and markDown, so events from an old client are ignored. */
  private generation = 0;
  private attempt = 0;
  private connecting?: Promise<void>;
  private spareValidator?: AjvJsonSchemaValidator;
  private reconnectTimer?: NodeJS.Timeout;
  private pingTimer?: NodeJS.Timeout;
  private checking = false;

  constructor(private readonly options: McpServerConnectionOptions) {
    this.name = options.name;
    this.transport = options.config.command ? 'stdio' : 'http';
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Resolves after the first attempt, whatever its outcome; failures retry in the background. */
  start(): Promise<void> {
    return this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.generation++;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    const client = this.client;
    this.client = undefined;
    this.connected = false;
    await this.connecting?.catch(() => undefined);
    await client?.close().catch(() => undefined);
  }

  status(): McpServerStatus {
    return {
      name: this.name,
      transport: this.transport,
      connected: this.connected,
      toolCount: this.tools.length,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  async ping(timeoutMs: number): Promise<boolean> {
    const client = this.client;
    if (!this.connected || !client) return false;
    try {
      await client.ping({ timeout: timeoutMs });
      return true;
    } catch (error) {
      // A slow answer is not a dead session: only a failure that is not a timeout reconnects.
      const failure = classifyCallError(error);
      if (failure.kind === 'connection') this.markDown(client, failure.reason);
      return false;
    }
  }

  async callTool(
    toolName: string,
    args: Record<string, unknown>,
    options: McpCallOptions & { timeoutMs: number },
  ): Promise<McpToolResult> {
    const client = this.client;
    if (!this.connected || !client) throw this.unavailable();
    const { timeoutMs, onProgress } = options;
    const meta = this.callMeta(toolName, args, options);
    const call = mcpCallSignal(options.signal, timeoutMs);
    try {
      const result = await client.callTool(
        { name: toolName, arguments: args, ...(meta ? { _meta: meta } : {}) },
        undefined,
        {
          signal: call.signal,
          // Our signal decides; the SDK's own timer is only a backstop.
          timeout: timeoutMs + 1000,
          onprogress: onProgress
            ? ({ progress, total, message }) => onProgress({ progress, total, message })
            : undefined,
        },
      );
      return toToolResult(result);
    } catch (error) {
      // The SDK reports an abort as a RequestTimeout McpError, so ask the signals which one fired.
      if (options.signal?.aborted) {
        throw new AppError(ErrorCode.Cancelled, `MCP tool ${toolName} on ${this.name} was cancelled`, { cause: error });
      }
      const failure = classifyCallError(error);
      if (call.timedOut || failure.kind === 'timeout') {
        throw new AppError(ErrorCode.Timeout, `MCP tool ${toolName} on ${this.name} timed out after ${timeoutMs} ms`, {
          transient: true,
          cause: error,
        });
      }
      if (failure.kind === 'tool') return failure.result;
      this.markDown(client, failure.reason);
      throw this.unavailable(error);
    } finally {
      call.dispose();
    }
  }

  /** The request id, and for our own server the caller's identity signed for this one call. */
  private callMeta(tool: string, args: Record<string, unknown>, options: McpCallOptions): Record<string, string> | undefined {
    const meta: Record<string, string> = {};
    if (options.requestId) meta[REQUEST_ID_META_KEY] = options.requestId;
    const secret = this.options.config.internalSecret;
    if (options.actor && secret) {
      meta[ASSERTION_META_KEY] = signCallAssertion(secret, { actor: options.actor, tool, args, requestId: options.requestId });
    }
    return Object.keys(meta).length ? meta : undefined;
  }

  unavailable(cause?: unknown): AppError {
    const reason = this.lastError ? ` (${this.lastError})` : '';
    return new AppError(ErrorCode.McpUnavailable, `MCP server ${this.name} is unreachable${reason}`, {
      transient: true,
      details: { server: this.name },
      cause,
    });
  }

  private connect(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.connecting ??= this.attemptConnect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async attemptConnect(): Promise<void> {
    const generation = ++this.generation;
    // Building Ajv is most of what a Client costs (a few ms): attempts against a server that is
    // down share one validator; the attempt that connects keeps it (it compiles the tools'
    // output schemas into it) and the next outage starts a new one.
    const validator = (this.spareValidator ??= new AjvJsonSchemaValidator());
    const client = new Client({ name: 'medcor-gateway', version: '0.1.0' }, { jsonSchemaValidator: validator });
    client.onclose = () => this.markDown(client, 'connection closed');
    client.onerror = () => this.checkSoon(client);
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => this.refreshTools(client));
    try {
      await client.connect(this.createTransport(), { timeout: this.options.timeoutMs });
      this.spareValidator = undefined;
      const tools = await this.fetchTools(client);
      if (generation !== this.generation || this.closed) {
        await client.close().catch(() => undefined);
        return;
      }
      this.client = client;
      this.tools = tools;
      this.toolsKnown = true;
      this.connected = true;
      this.attempt = 0;
      this.lastError = undefined;
      this.startPing(client);
      this.options.logger.log(`MCP server ${this.name} connected`, { server: this.name, tools: tools.length });
      this.options.onChange();
    } catch (error) {
      await client.close().catch(() => undefined);
      if (generation !== this.generation || this.closed) return;
      this.lastError = describeConnectionError(error);
      this.scheduleReconnect();
    }
  }

  private createTransport(): Transport {
    const { url, token, internalSecret, command, args, env } = this.options.config;
    if (command) {
      // stderr is dropped: a third-party server may echo what it was given, patient data included.
      return new StdioClientTransport({
        command,
        args,
        env: { ...getDefaultEnvironment(), ...env },
        stderr: 'ignore',
      });
    }
    // A transport is built per connection attempt, so the session proof is fresh at initialize.
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (internalSecret) headers[SESSION_PROOF_HEADER] = signSessionProof(internalSecret);
    return new StreamableHTTPClientTransport(new URL(url as string), {
      requestInit: Object.keys(headers).length ? { headers } : undefined,
      // The transport retries a dropped notification stream a little; beyond that we reconnect.
      reconnectionOptions: {
        initialReconnectionDelay: 500,
        maxReconnectionDelay: 2000,
        reconnectionDelayGrowFactor: 2,
        maxRetries: 2,
      },
    });
  }

  private async fetchTools(client: Client): Promise<Tool[]> {
    const tools: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: this.options.timeoutMs });
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    return tools;
  }

  private async refreshTools(client: Client): Promise<void> {
    if (client !== this.client) return;
    try {
      const tools = await this.fetchTools(client);
      if (client !== this.client) return;
      this.tools = tools;
      this.options.onChange();
    } catch {
      this.checkSoon(client);
    }
  }

  /** Marks the server down and reconnects; a no-op for a client already replaced. */
  private markDown(client: Client, reason: string): void {
    if (this.closed || client !== this.client) return;
    this.generation++;
    this.client = undefined;
    this.connected = false;
    this.lastError = reason;
    clearInterval(this.pingTimer);
    this.options.logger.warn(`MCP server ${this.name} lost: ${reason}`, { server: this.name });
    this.options.onChange();
    void client.close().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const { initialDelayMs, maxDelayMs } = this.options.reconnect;
    const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(this.attempt, 20));
    // "Equal jitter": never sooner than half the backoff, so a fleet does not retry in lockstep.
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }

  private startPing(client: Client): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.checkSoon(client), this.options.pingIntervalMs);
    this.pingTimer.unref();
  }

  /** One ping at a time; a transport error or the interval asks for it. */
  private checkSoon(client: Client): void {
    if (this.checking || client !== this.client) return;
    this.checking = true;
    const timeout = Math.min(this.options.timeoutMs, Math.max(1000, this.options.pingIntervalMs));
    client
      .ping({ timeout })
      .catch((error: unknown) => this.markDown(client, describeConnectionError(error)))
      .finally(() => {
        this.checking = false;
      });
  }
}
