/**
 * The shape of one medcor-tools tool. Each tool lives in its own file under tools/ and is a
 * factory that receives what it depends on (a database registry, an analyser…) and returns a
 * ToolDefinition; the server registers them with the SDK and turns ToolError into an MCP error
 * result, so bad arguments never crash the server.
 */
import type { z } from 'zod';
import type { AssertedActor } from '../../shared/mcp-assertion';

export enum ToolErrorCode {
  InvalidArgument = 'invalid_argument',
  Refused = 'refused',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Timeout = 'timeout',
  Unavailable = 'unavailable',
  Internal = 'internal',
}

export class ToolError extends Error {
  constructor(
    readonly code: ToolErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

export interface ToolCallContext {
  signal: AbortSignal;
  /** Sends notifications/progress when the caller asked for it (no-op otherwise). */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /** The gateway's request id, from `_meta["medcor/request_id"]`, for logs. */
  requestId?: string;
  /**
   * Who is calling, from the short-lived assertion the gateway signs per call and the server
   * verifies; absent for a caller without one. Tools take identity from here, never from their
   * arguments.
   */
  actor?: ToolActor;
}

/** The gateway-asserted caller (user, roles, purpose, task, routing); see src/shared/mcp-assertion. */
export type ToolActor = AssertedActor;

/** The asserted caller, or Forbidden: for tools that act on someone's behalf. */
export function requireActor(ctx: ToolCallContext, tool: string): ToolActor {
  if (!ctx.actor) throw new ToolError(ToolErrorCode.Forbidden, `Tool ${tool} needs a gateway-signed identity assertion`);
  return ctx.actor;
}

export interface ToolOutput {
  /** What a model reads. */
  text: string;
  /** Returned as structuredContent for programmatic callers. */
  data?: Record<string, unknown>;
}

export interface ToolDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  inputSchema: Shape;
  /** `internal`: for the gateway only (audit, access checks); never offered to the LLM. */
  audience: 'agent' | 'internal';
  /** Maps to the MCP readOnlyHint annotation. */
  readOnly: boolean;
  handler(args: z.infer<z.ZodObject<Shape>>, ctx: ToolCallContext): Promise<ToolOutput>;
}

/** Helps TypeScript infer the handler's argument type from the schema. */
export function defineTool<Shape extends z.ZodRawShape>(def: ToolDefinition<Shape>): ToolDefinition<Shape> {
  return def;
}
