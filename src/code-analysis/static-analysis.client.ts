import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../core/errors';
import { McpClient, type McpActor, type McpProgress } from '../core/mcp/mcp-client';
import type { CodeFocus } from '../tasks/job-payloads';
import { staticAnalysisSchema, type StaticAnalysis } from './code-analysis.types';

export const ANALYZE_CODE_TOOL = 'analyze_code';

export interface StaticAnalysisRequest {
  code: string;
  language?: string;
  filename?: string;
  focus: CodeFocus;
}

export interface StaticAnalysisCallOptions {
  signal?: AbortSignal;
  requestId?: string;
  /** The caller, asserted to the tools server (which limits analyses per caller). */
  actor?: McpActor;
  onProgress?: (progress: McpProgress) => void;
}

/** Tool error codes worth another attempt: the analysers were busy or down, not the input bad. */
const TRANSIENT_TOOL_ERRORS = new Set(['unavailable', 'timeout']);

/**
 * Calls the `analyze_code` tool on the medcor-tools server and checks its structured output
 * against the contract, so a drifting tools server fails loudly instead of yielding empty findings.
 */
@Injectable()
export class StaticAnalysisClient {
  constructor(private readonly mcp: McpClient) {}

  async analyse(request: StaticAnalysisRequest, options: StaticAnalysisCallOptions = {}): Promise<StaticAnalysis> {
    const args: Record<string, unknown> = { code: request.code, focus: request.focus };
    if (request.language) args.language = request.language;
    if (request.filename) args.filename = request.filename;
    const result = await this.mcp.callTool(ANALYZE_CODE_TOOL, args, options);
    if (options.signal?.aborted) throw options.signal.reason;
    if (result.isError) {
      throw new AppError(ErrorCode.ToolFailed, `Static analysis failed: ${result.text.slice(0, 300)}`, {
        transient: TRANSIENT_TOOL_ERRORS.has(result.errorCode ?? ''),
        details: { tool: ANALYZE_CODE_TOOL, tool_error: result.errorCode },
      });
    }
    const parsed = staticAnalysisSchema.safeParse(result.data);
    if (!parsed.success) {
      throw new AppError(ErrorCode.ToolFailed, `The ${ANALYZE_CODE_TOOL} tool returned an unexpected result shape`, {
        details: { tool: ANALYZE_CODE_TOOL, issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) },
      });
    }
    return parsed.data;
  }
}
