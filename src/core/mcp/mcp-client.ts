/**
 * The MCP boundary the rest of the service depends on. It is an abstract class so that it can be
 * the DI token; `SdkMcpClient` is the implementation over @modelcontextprotocol/sdk.
 */
import type { AssertedActor } from '../../shared/mcp-assertion';

/** A tool as the gateway sees it, possibly namespaced `server__tool` when two servers collide. */
export interface McpToolInfo {
  /** Name to call it by through this client. */
  name: string;
  /** The configured server it lives on. */
  server: string;
  /** Its name on that server. */
  originalName: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  /**
   * `internal` tools (audit, access checks) serve the gateway itself and are never offered to the
   * LLM. Servers mark them with `_meta: { "medcor/audience": "internal" }`.
   */
  audience: 'agent' | 'internal';
}

export interface McpProgress {
  progress: number;
  total?: number;
  message?: string;
}

/**
 * The user a call is made for. Sent to our own tools server only, as a short-lived assertion
 * signed with MCP_INTERNAL_SECRET per call (src/shared/mcp-assertion); tools take identity from
 * it, never from their arguments. Internal tools refuse a call without one.
 */
export type McpActor = AssertedActor;

export interface McpCallOptions {
  signal?: AbortSignal;
  /** Overrides MCP_SERVER_TIMEOUT for this call. */
  timeoutMs?: number;
  onProgress?: (progress: McpProgress) => void;
  /** Propagated to the server in `_meta` so one id follows a request end to end. */
  requestId?: string;
  actor?: McpActor;
}

export interface McpToolResult {
  /** True when the tool itself reported an error (bad arguments, refused, not found…). */
  isError: boolean;
  /** The text content joined, as the model would read it. */
  text: string;
  /** `structuredContent`, when the tool returned it. */
  data?: unknown;
  /** For tool errors from medcor-tools: a ToolErrorCode (see mcp-server/tools/tool-definition.ts). */
  errorCode?: string;
  /** For tool errors from medcor-tools: the error's own message and structured details. */
  errorMessage?: string;
  errorDetails?: Record<string, unknown>;
}

export interface McpServerStatus {
  name: string;
  transport: 'http' | 'stdio';
  connected: boolean;
  toolCount: number;
  lastError?: string;
}

export abstract class McpClient {
  /** Cached tool list (refreshed on notifications/tools/list_changed and on reconnect). */
  abstract listTools(): Promise<McpToolInfo[]>;
  /**
   * Calls a tool. Connection problems throw AppError(McpUnavailable, transient); a tool-level
   * error comes back as `isError: true`, never as a throw.
   */
  abstract callTool(name: string, args: Record<string, unknown>, options?: McpCallOptions): Promise<McpToolResult>;
  /** True when at least one configured server is connected right now. */
  abstract isAvailable(): boolean;
  abstract status(): McpServerStatus[];
  /** Sends an MCP ping to every server; true when at least one answered within the timeout. */
  abstract ping(timeoutMs: number): Promise<boolean>;
}
