/**
 * Owns the MCP protocol side of medcor-tools: one low-level SDK `Server` per session, answering
 * tools/list and tools/call from a tool table shared by every session.
 *
 * Why the low-level `Server` and not `McpServer.registerTool`: McpServer validates arguments
 * itself and reports a failure as free text ("Input validation error: …"), which the gateway
 * cannot tell apart from any other failure. Validating here lets every error — bad arguments,
 * ToolError, unexpected exceptions — come back in one JSON shape with a ToolErrorCode. It also
 * keeps one table for all sessions, so replacing the tools is a single assignment plus one
 * list_changed notification per session.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ASSERTION_META_KEY } from '../../shared/mcp-assertion';
import { ASSERTED_AGENT_TOOLS } from '../../shared/policy';
import { opaqueRequestId } from '../../shared/request-id';
import { ToolError, ToolErrorCode, type ToolActor, type ToolCallContext, type ToolDefinition } from '../tools/tool-definition';
import type { CallAssertionVerifier } from './call-assertions';

export const AUDIENCE_META_KEY = 'medcor/audience';
export const REQUEST_ID_META_KEY = 'medcor/request_id';

export interface ToolsServerLogger {
  log(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

/** A tool ready to serve: its definition plus what is computed once (schema, validator). */
interface PreparedTool {
  definition: ToolDefinition;
  validator: z.ZodObject<z.ZodRawShape>;
  listing: Tool;
}

/** The tool table shared by all sessions; replaced whole so a list is never half-updated. */
export class ToolTable {
  private tools = new Map<string, PreparedTool>();

  constructor(definitions: ToolDefinition[]) {
    this.replace(definitions);
  }

  get size(): number {
    return this.tools.size;
  }

  get(name: string): PreparedTool | undefined {
    return this.tools.get(name);
  }

  /** Internal tools only for a session that proved the internal credential. */
  listings(includeInternal: boolean): Tool[] {
    return [...this.tools.values()]
      .filter((tool) => includeInternal || tool.definition.audience !== 'internal')
      .map((tool) => tool.listing);
  }

  definitions(): ToolDefinition[] {
    return [...this.tools.values()].map((tool) => tool.definition);
  }

  replace(definitions: ToolDefinition[]): void {
    const next = new Map<string, PreparedTool>();
    for (const definition of definitions) {
      if (next.has(definition.name)) throw new Error(`Duplicate tool name: ${definition.name}`);
      next.set(definition.name, prepare(definition));
    }
    this.tools = next;
  }
}

function prepare(definition: ToolDefinition): PreparedTool {
  const validator = z.object(definition.inputSchema);
  const { $schema: _ignored, ...inputSchema } = z.toJSONSchema(validator, { io: 'input', unrepresentable: 'any' });
  return {
    definition,
    validator,
    listing: {
      name: definition.name,
      title: definition.title,
      description: definition.description,
      inputSchema: inputSchema as Tool['inputSchema'],
      annotations: { title: definition.title, readOnlyHint: definition.readOnly },
      _meta: { [AUDIENCE_META_KEY]: definition.audience },
    },
  };
}

/**
 * Internal tools always need an identity assertion; the SQL tools and analyze_code too once the server can verify
 * one (MCP_INTERNAL_SECRET): the gateway then asserts every call, so a call without one comes from
 * a holder of MCP_SERVER_TOKEN alone, and would skip the role check and be audited as anonymous.
 */
function assertionRequired(definition: ToolDefinition, trust: SessionTrust): boolean {
  return definition.audience === 'internal' || (trust.assertions !== undefined && ASSERTED_AGENT_TOOLS.includes(definition.name));
}

/**
 * The caller's identity from the call's assertion. Internal tools need one; agent tools take it
 * when the gateway sends it (for their audit and role checks) and run without it otherwise.
 */
function identify(
  assertion: unknown,
  tool: string,
  args: Record<string, unknown> | undefined,
  verifier: CallAssertionVerifier | undefined,
  required: boolean,
): ToolActor | undefined {
  if (assertion === undefined) {
    if (required) throw new ToolError(ToolErrorCode.Forbidden, `Tool ${tool} needs a gateway-signed identity assertion`);
    return undefined;
  }
  if (typeof assertion !== 'string' || !verifier) throw new ToolError(ToolErrorCode.Forbidden, 'The identity assertion is not valid');
  return verifier.verify(assertion, tool, args).actor;
}

/** The one error shape medcor-tools returns; SdkMcpClient parses `code` back out of it. */
export function toolErrorResult(error: ToolError): CallToolResult {
  const body: Record<string, unknown> = { error: error.message, code: error.code };
  if (error.details !== undefined) body.details = error.details;
  return { isError: true, content: [{ type: 'text', text: JSON.stringify(body) }] };
}

/** What a session may do: decided once, when it is opened. */
export interface SessionTrust {
  /** The session was opened with a valid session proof: the gateway. */
  internal: boolean;
  /** Absent when the server has no MCP_INTERNAL_SECRET: no assertion can then be accepted. */
  assertions?: CallAssertionVerifier;
}

export function createSessionServer(
  table: ToolTable,
  info: { name: string; version: string },
  logger: ToolsServerLogger,
  trust: SessionTrust,
): Server {
  const server = new Server(info, { capabilities: { tools: { listChanged: true } } });

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: table.listings(trust.internal) }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name, arguments: rawArgs } = request.params;
    const tool = table.get(name);
    // The same answer as for a name that does not exist: an outsider learns nothing of them.
    if (!tool || (tool.definition.audience === 'internal' && !trust.internal)) {
      return toolErrorResult(new ToolError(ToolErrorCode.NotFound, `Unknown tool: ${name}`));
    }

    let actor: ToolActor | undefined;
    try {
      actor = identify(request.params._meta?.[ASSERTION_META_KEY], name, rawArgs, trust.assertions, assertionRequired(tool.definition, trust));
    } catch (error) {
      if (!(error instanceof ToolError)) throw error;
      // Worth an operator's eye (a forged, replayed or expired assertion); the reason quotes no claim.
      logger.warn('Identity assertion refused', { tool: name, reason: error.message, internalSession: trust.internal });
      return toolErrorResult(error);
    }

    const parsed = tool.validator.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      // Issue messages name the field and the expected type, never the received value.
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      return toolErrorResult(
        new ToolError(ToolErrorCode.InvalidArgument, `Invalid arguments for tool ${name}`, { issues }),
      );
    }

    const meta = request.params._meta;
    // Logged and audited: only an opaque id (a client's free text there could be patient data).
    const requestId = opaqueRequestId(meta?.[REQUEST_ID_META_KEY]);
    const progressToken = meta?.progressToken;
    const ctx: ToolCallContext = {
      signal: extra.signal,
      requestId,
      ...(actor ? { actor } : {}),
      progress: async (progress, total, message) => {
        if (progressToken === undefined || extra.signal.aborted) return;
        try {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken, progress, total, message },
          });
        } catch {
          // A caller that went away must not turn a working tool into a failed one.
        }
      },
    };

    try {
      const output = await tool.definition.handler(parsed.data, ctx);
      const result: CallToolResult = { content: [{ type: 'text', text: output.text }] };
      if (output.data !== undefined) result.structuredContent = output.data;
      return result;
    } catch (error) {
      if (error instanceof ToolError) return toolErrorResult(error);
      if (extra.signal.aborted) {
        return toolErrorResult(new ToolError(ToolErrorCode.Timeout, `Tool ${name} was cancelled by the caller`));
      }
      // The message of an unexpected error may quote the data it choked on (a pg error quotes the
      // value); log its type and where it came from, never the message or the arguments.
      logger.error('Tool failed unexpectedly', {
        tool: name,
        requestId,
        errorName: error instanceof Error ? error.name : typeof error,
        errorCode: (error as { code?: unknown } | null)?.code,
        stack: error instanceof Error ? error.stack?.split('\n').slice(1, 6).join('\n') : undefined,
      });
      return toolErrorResult(new ToolError(ToolErrorCode.Internal, `Tool ${name} failed unexpectedly`));
    }
  });

  return server;
}
