import { Injectable } from '@nestjs/common';
import { AppConfigService } from '../core/config';
import { EgressContext } from '../core/llm/egress-context';
import { AccessPath } from '../shared/policy';
import type { JobPayloads } from '../tasks/job-payloads';
import { JobName } from '../tasks/queue-names';
import { CodeAnalysisCache } from './code-analysis-cache.service';
import type { CodeAnalysisResult, StaticAnalysis, StaticFinding } from './code-analysis.types';
import { CodeReviewerService } from './code-reviewer.service';
import { assertCodeSize } from './code-size';
import { ANALYZE_CODE_TOOL, StaticAnalysisClient } from './static-analysis.client';

export interface PipelineContext {
  signal: AbortSignal;
  userId?: string;
  /** The requester's roles: the tools server checks the caller of analyze_code as the gateway asserts it. */
  roles?: string[];
  taskId?: string;
  requestId?: string;
  /** `Cache-Control: no-cache` at submit: skip the lookup (the fresh result still refreshes the cache). */
  bypassCache?: boolean;
  progress(percent: number, message: string): Promise<void>;
}

/** The analyse step's share of the progress bar; the tool reports its own steps inside it. */
const ANALYSE_FROM = 10;
const ANALYSE_TO = 50;

/**
 * One code analysis, start to finish: cache → detect → analyse (the `analyze_code` MCP tool) →
 * review (the LLM) → result. The submitted code is only passed on as text; it is never logged,
 * executed or written to disk.
 */
@Injectable()
export class CodeAnalysisPipelineService {
  constructor(
    private readonly config: AppConfigService,
    private readonly analysis: StaticAnalysisClient,
    private readonly reviewer: CodeReviewerService,
    private readonly cache: CodeAnalysisCache,
  ) {}

  async run(input: JobPayloads[JobName.CodeAnalysis], ctx: PipelineContext): Promise<CodeAnalysisResult> {
    const started = performance.now();
    // Also here, not only at submit: query_type code on /query/ enqueues without the byte check.
    assertCodeSize(input.code, this.config.all.tasks.codeMaxBytes);
    const focus = input.focus ?? 'all';
    // Cached per user; a run without a known user (none today) neither reads nor fills the cache.
    const key = ctx.userId ? { owner: ctx.userId, code: input.code, language: input.language, filename: input.filename, focus } : undefined;

    const cached = ctx.bypassCache || !key ? null : await this.cache.get(key);
    if (cached) {
      await ctx.progress(95, 'Found a cached analysis of the same code, language and focus');
      return { ...cached, cached: true, processing_time: elapsed(started) };
    }

    await ctx.progress(5, 'Detecting the language');
    const stat = await this.analysis.analyse(
      { code: input.code, language: input.language, filename: input.filename, focus },
      {
        signal: ctx.signal,
        requestId: ctx.requestId,
        actor: ctx.userId === undefined ? undefined : { userId: ctx.userId, roles: ctx.roles ?? [], purpose: 'code', ...(ctx.taskId ? { taskId: ctx.taskId } : {}), routing: 'background' },
        onProgress: (p) => {
          const share = p.total ? Math.min(1, p.progress / p.total) : 0;
          void ctx.progress(Math.round(ANALYSE_FROM + share * (ANALYSE_TO - ANALYSE_FROM)), `Static analysis: ${p.message ?? 'running'}`).catch(() => undefined);
        },
      },
    );
    await ctx.progress(ANALYSE_TO, `Static analysis of ${stat.language}: ${stat.findings.length} finding(s)`);

    // A finding can quote the code (TypeScript a literal's type, PostgreSQL's parser the token it
    // stopped at): identifiers in formats are replaced as in the review, by the same placeholders,
    // since results and the cache are clear at rest and the review is not re-identified.
    const egress = new EgressContext({ path: AccessPath.Code, mode: 'formats' });
    const guarded: StaticAnalysis = { ...stat, findings: stat.findings.map((finding) => guardFinding(finding, egress)) };

    await ctx.progress(60, 'Reviewing with the LLM');
    const review = await this.reviewer.review(input.code, guarded, focus, { signal: ctx.signal, userId: ctx.userId, egress });

    await ctx.progress(95, 'Storing the result');
    const result = toResult(guarded, review, elapsed(started));
    if (key) await this.cache.put(key, result);
    return result;
  }
}

function guardFinding(finding: StaticFinding, egress: EgressContext): StaticFinding {
  const guarded = { ...finding, message: egress.guard(finding.message, 'caller') };
  if (finding.suggestion !== undefined) guarded.suggestion = egress.guard(finding.suggestion, 'caller');
  if (finding.fix !== undefined) guarded.fix = egress.guard(finding.fix, 'caller');
  return guarded;
}

function toResult(stat: StaticAnalysis, review: CodeAnalysisResult['review'], seconds: number): CodeAnalysisResult {
  const result: CodeAnalysisResult = {
    success: true,
    response: '',
    language: stat.language,
    detected_by: stat.detected_by,
    analysers: stat.analysers,
    findings: stat.findings,
    review,
    tools_used: [ANALYZE_CODE_TOOL],
    processing_time: seconds,
    cached: false,
  };
  if (stat.skipped) result.static_analysis_note = stat.skipped;
  if (stat.timed_out?.length) result.timed_out = stat.timed_out;
  result.response = describeResult(result);
  return result;
}

/** The task's status message: says when the result holds the static findings alone. */
export function completionMessage(result: CodeAnalysisResult): string {
  const done = result.cached ? 'Code analysis completed (cached result)' : 'Code analysis completed';
  return result.review.status === 'unavailable' ? `${done} with static findings only: the LLM review was unavailable (${result.review.reason})` : done;
}

/** The short readable summary clients show first. */
export function describeResult(result: CodeAnalysisResult): string {
  const how = result.detected_by === 'explicit' ? 'as given' : `detected by ${result.detected_by}`;
  const parts = [`Language: ${result.language} (${how}).`];
  if (result.analysers.length > 0) {
    const top = result.findings.slice(0, 3).map((f) => `${f.rule} at line ${f.line}`);
    const more = result.findings.length > 3 ? `, and ${result.findings.length - 3} more` : '';
    parts.push(`Static analysis (${result.analysers.join(', ')}): ${result.findings.length} finding(s)${top.length ? `: ${top.join(', ')}${more}` : ''}.`);
  } else {
    parts.push(`No static analysis: ${result.static_analysis_note ?? 'no analyser for this language'}.`);
  }
  if (result.timed_out?.length) parts.push(`Cut off by the time limit: ${result.timed_out.join(', ')}.`);
  const review = result.review;
  if (review.status === 'unavailable') {
    parts.push(`LLM review unavailable, static findings only: ${review.reason}.`);
  } else {
    if (review.mode === 'llm_only') parts.push(`No static analyser for ${result.language} here: this review comes from the LLM alone.`);
    parts.push(`Review: ${review.issues.length} issue(s), security risk ${review.security.risk_level}. ${review.summary}`);
  }
  return parts.join(' ');
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started) / 1000;
}
