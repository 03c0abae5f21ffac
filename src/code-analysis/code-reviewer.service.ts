import { Injectable, Logger } from '@nestjs/common';
import { AppError, ErrorCode, redactedStack } from '../core/errors';
import { EgressContext } from '../core/llm/egress-context';
import { LlmService } from '../core/llm/llm.service';
import { AccessPath } from '../shared/policy';
import { maskSecrets } from '../shared/secrets';
import type { CodeFocus } from '../tasks/job-payloads';
import type { CodeReview, StaticAnalysis } from './code-analysis.types';
import { buildReviewMessages } from './code-review.prompt';
import { CODE_REVIEW_SCHEMA_NAME, codeReviewSchema } from './code-review.schema';
import { countLines, mergeIssues } from './issue-merge';

export const NO_LLM_REASON = 'No LLM is configured (OPENAI_API_KEY)';

/**
 * The model's half of a code analysis: asks for a structured review, validates it, and merges
 * its issues with the static findings. The static findings are worth having on their own, so any
 * LLM failure (none configured, unreachable, an unusable answer, a model that refuses the request)
 * gives a review `unavailable` with the reason instead of failing the task; only cancellation and
 * the task's own time limit propagate.
 */
@Injectable()
export class CodeReviewerService {
  private readonly logger = new Logger(CodeReviewerService.name);

  constructor(private readonly llm: LlmService) {}

  async review(
    code: string,
    analysis: StaticAnalysis,
    focus: CodeFocus,
    options: { signal?: AbortSignal; userId?: string; egress?: EgressContext } = {},
  ): Promise<CodeReview> {
    if (!this.llm.isConfigured()) return unavailable(NO_LLM_REASON, ErrorCode.LlmNotConfigured);
    let raw: unknown;
    // Identifiers in formats (SSN, phone, e-mail, MRN…) are replaced, names of the program are not. The
    // review is not re-identified: it names such a value by its placeholder and line, so neither the
    // stored result nor the code cache ever holds it. The pipeline passes the context its findings
    // were guarded with, so a value has one placeholder in both.
    const egress = options.egress ?? new EgressContext({ path: AccessPath.Code, mode: 'formats' });
    // Secrets written in the code (keys, tokens, passwords, a URL's password) never leave for the
    // model: each becomes <SECRET_n> on its own line, in the code and in any finding that quotes it.
    const masked = maskSecrets(code);
    const findings = analysis.findings.map((f) => ({ ...f, message: maskSecrets(f.message).text }));
    try {
      raw = await this.llm.structured(codeReviewSchema, CODE_REVIEW_SCHEMA_NAME, buildReviewMessages(masked.text, { ...analysis, findings }, focus), { ...options, egress });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const e = error instanceof AppError ? error : new AppError(ErrorCode.Internal, 'Unexpected internal error', { cause: error });
      if (e.code === ErrorCode.Internal) this.logger.error({ code: e.code, stack: redactedStack(e) }, 'LLM review failed with an unexpected error');
      return unavailable(`The LLM review failed: ${e.message}`, e.code);
    }
    // The LLM service validated it against this schema; parsing again keeps the stored contract local.
    const parsed = codeReviewSchema.safeParse(raw);
    if (!parsed.success) return unavailable('The LLM review did not match the expected structure', ErrorCode.LlmBadOutput);
    const review = parsed.data;
    const merged = mergeIssues(analysis.findings, review.issues, countLines(code));
    const llmOnly = analysis.analysers.length === 0;
    const notes: string[] = [];
    if (llmOnly) notes.push(`No static analyser for ${analysis.language} here: this review comes from the LLM alone`);
    if (merged.discarded > 0) notes.push(`${merged.discarded} model issue(s) without a valid line or message were dropped`);
    if (masked.count > 0) notes.push(`${masked.count} secret value(s) in the code were masked as <SECRET_n> before it was sent to the LLM`);
    return {
      status: 'done',
      skipped: false,
      mode: llmOnly ? 'llm_only' : 'static_and_llm',
      summary: review.summary,
      issues: merged.issues,
      security: review.security,
      optimizations: review.optimizations
        .filter((o) => o.suggestion.trim() !== '')
        .map((o) => ({ line: o.line !== null && Number.isInteger(o.line) && o.line >= 1 ? o.line : null, suggestion: o.suggestion })),
      model: this.llm.primaryModel(),
      ...(notes.length > 0 ? { note: notes.join('. ') } : {}),
    };
  }
}

function unavailable(reason: string, code: ErrorCode): CodeReview {
  return { status: 'unavailable', skipped: true, reason, code };
}
