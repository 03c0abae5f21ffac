import { AppError, ErrorCode } from '../errors';
import type { McpToolResult } from './mcp-client';

/** How a domain words the errors of its tools. */
export interface ToolFailureWording {
  /**
   * Quote the tool's own message: only for tools whose messages cannot carry patient data (the
   * SQL tools name columns, rules and limits). Otherwise our fixed text, so nothing a tool might
   * echo reaches a task record or a log line.
   */
  quote: boolean;
  /** The domain's more precise error for some results (unknown database…); undefined: the table's. */
  refine?: (result: McpToolResult, message: string) => AppError | undefined;
}

/**
 * The one mapping of a medcor-tools error (its ToolErrorCode) to our errors: the code, the HTTP
 * status through it, and whether the task runner retries. Domains choose the wording and may
 * refine a result; the table below is the same for all.
 */
export function toolFailure(tool: string, result: McpToolResult, wording: ToolFailureWording): AppError {
  const message = result.errorMessage ?? result.text;
  const refined = wording.refine?.(result, message);
  if (refined) return refined;
  const say = (ours: string) => (wording.quote ? message : ours);
  const details = (result.errorDetails ?? {}) as { rule?: string; reason?: string };
  switch (result.errorCode) {
    case 'refused':
      return new AppError(ErrorCode.SqlRefused, say(`${tool} refused the request`), { details: { rule: details.rule, reason: details.reason ?? say('refused') } });
    case 'forbidden':
      return new AppError(ErrorCode.Forbidden, say(`${tool}: access denied`));
    case 'not_found':
      return new AppError(ErrorCode.NotFound, say(`${tool}: not found`));
    case 'invalid_argument':
      return new AppError(ErrorCode.ValidationFailed, say(`${tool} refused its arguments`));
    case 'timeout':
      return new AppError(ErrorCode.Timeout, say(`${tool} timed out`), { transient: true });
    case 'unavailable':
      return new AppError(ErrorCode.McpUnavailable, say(`${tool}: the database behind the tools server is unavailable`), { transient: true, retryAfterSeconds: 5 });
    default:
      return new AppError(ErrorCode.ToolFailed, wording.quote ? `${tool} failed: ${message}` : `${tool} failed`);
  }
}
