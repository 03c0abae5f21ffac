/**
 * Owns the translation of what the MCP SDK hands back — a CallToolResult or a thrown error — into
 * the gateway's terms: an McpToolResult for anything the server answered, an AppError for a
 * timeout, a caller's abort or a connection that no longer works.
 */
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode as RpcErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { McpToolResult } from './mcp-client';

interface ContentItem {
  type: string;
  text?: string;
  resource?: { text?: string };
}

/** Joins the content as a model would read it and lifts medcor-tools' error code out of the text. */
export function toToolResult(result: Record<string, unknown>): McpToolResult {
  const items = Array.isArray(result.content) ? (result.content as ContentItem[]) : [];
  const text = items
    .map((item) => {
      if (item.type === 'text') return item.text ?? '';
      if (item.type === 'resource' && typeof item.resource?.text === 'string') return item.resource.text;
      return `[${item.type} content]`;
    })
    .join('\n');
  const isError = result.isError === true;
  const out: McpToolResult = { isError, text };
  if (result.structuredContent !== undefined) out.data = result.structuredContent;
  if (isError) Object.assign(out, toolErrorFromText(text));
  return out;
}

/** medcor-tools reports errors as `{"error": "...", "code": "<ToolErrorCode>", "details": {...}}`. */
function toolErrorFromText(text: string): Pick<McpToolResult, 'errorCode' | 'errorMessage' | 'errorDetails'> {
  if (!text.startsWith('{')) return {};
  let parsed: { code?: unknown; error?: unknown; details?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return {};
  }
  const out: Pick<McpToolResult, 'errorCode' | 'errorMessage' | 'errorDetails'> = {};
  if (typeof parsed.code === 'string') out.errorCode = parsed.code;
  if (typeof parsed.error === 'string') out.errorMessage = parsed.error;
  if (parsed.details && typeof parsed.details === 'object') out.errorDetails = parsed.details as Record<string, unknown>;
  return out;
}

export type CallFailure =
  /** The SDK's own request timeout fired. */
  | { kind: 'timeout' }
  /** The server answered with a JSON-RPC error: the call failed, the connection did not. */
  | { kind: 'tool'; result: McpToolResult }
  /** The transport or session is broken (refused, closed, 404 session gone, 5xx, 401…). */
  | { kind: 'connection'; reason: string };

const rpcToToolCode: Record<number, string> = {
  [RpcErrorCode.InvalidParams]: 'invalid_argument',
  [RpcErrorCode.MethodNotFound]: 'not_found',
};

export function classifyCallError(error: unknown): CallFailure {
  if (error instanceof McpError) {
    if (error.code === RpcErrorCode.RequestTimeout) return { kind: 'timeout' };
    if (error.code !== RpcErrorCode.ConnectionClosed) {
      const errorCode = rpcToToolCode[error.code] ?? 'internal';
      return { kind: 'tool', result: { isError: true, text: error.message, errorCode } };
    }
  }
  if (isResultValidationError(error)) {
    return {
      kind: 'tool',
      result: { isError: true, text: 'The MCP server returned a malformed tool result', errorCode: 'internal' },
    };
  }
  return { kind: 'connection', reason: describeConnectionError(error) };
}

function isResultValidationError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ZodError' || error.name === '$ZodError');
}

/** A short reason for logs and status(): the kind of failure, never request content. */
export function describeConnectionError(error: unknown): string {
  if (error instanceof StreamableHTTPError) {
    if (error.code === 401 || error.code === 403) return `HTTP ${error.code}: the server refused our token`;
    if (error.code === 404) return 'HTTP 404: session not found (the server restarted or expired it)';
    return `HTTP ${error.code ?? 'error'}`;
  }
  if (error instanceof McpError && error.code === RpcErrorCode.ConnectionClosed) return 'connection closed';
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  if (error instanceof Error) return error.message.slice(0, 200);
  return String(error).slice(0, 200);
}
