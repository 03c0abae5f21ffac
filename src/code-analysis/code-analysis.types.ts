/**
 * The gateway's view of a code analysis: the `analyze_code` tool's structured output (validated
 * here, since the tools server is another process and may drift), the merged issues and the
 * stored result. Kept apart from mcp-server/code on purpose: domains depend on the tool's wire
 * contract, not on the tools server's source.
 */
import { z } from 'zod';

export const ISSUE_SEVERITIES = ['error', 'warning', 'info'] as const;
export type IssueSeverity = (typeof ISSUE_SEVERITIES)[number];

export const staticFindingSchema = z.object({
  tool: z.string(),
  rule: z.string(),
  severity: z.enum(ISSUE_SEVERITIES),
  line: z.number().int(),
  column: z.number().int(),
  message: z.string(),
  suggestion: z.string().optional(),
  cwe: z.string().optional(),
  fix: z.string().optional(),
});
export type StaticFinding = z.infer<typeof staticFindingSchema>;

/** structuredContent of `analyze_code`. */
export const staticAnalysisSchema = z.object({
  language: z.string(),
  detected_by: z.string(),
  analysers: z.array(z.string()),
  findings: z.array(staticFindingSchema),
  skipped: z.string().optional(),
  timed_out: z.array(z.string()).optional(),
});
export type StaticAnalysis = z.infer<typeof staticAnalysisSchema>;

/** One issue as the client sees it, whichever source found it. */
export interface CodeIssue {
  line: number;
  severity: IssueSeverity;
  message: string;
  source: 'static' | 'llm';
  rule?: string;
  /** Static findings only: which analyser, where on the line, and its advice. */
  tool?: string;
  column?: number;
  suggestion?: string;
  /** Vulnerability findings: the weakness (e.g. CWE-89) and how to remove it. */
  cwe?: string;
  fix?: string;
}

export interface SecuritySection {
  risk_level: 'none' | 'low' | 'medium' | 'high' | 'critical';
  summary: string;
  concerns: string[];
}

export interface OptimisationSuggestion {
  line: number | null;
  suggestion: string;
}

/**
 * `status` says whether the LLM review is there: `done`, or `unavailable` with the reason and the
 * error code (no LLM configured, the LLM down, an unusable answer, a configuration the model
 * refuses). `skipped` is `status !== 'done'`, kept for clients written before `status`.
 */
export type CodeReview =
  | {
      status: 'done';
      skipped: false;
      /** `static_and_llm`, or `llm_only` when no static analyser exists for the language. */
      mode: 'static_and_llm' | 'llm_only';
      summary: string;
      issues: CodeIssue[];
      security: SecuritySection;
      optimizations: OptimisationSuggestion[];
      model: string;
      note?: string;
    }
  | { status: 'unavailable'; skipped: true; reason: string; code: string };

export interface CodeAnalysisResult {
  success: true;
  response: string;
  language: string;
  detected_by: string;
  analysers: string[];
  findings: StaticFinding[];
  review: CodeReview;
  static_analysis_note?: string;
  timed_out?: string[];
  tools_used: string[];
  processing_time: number;
  cached: boolean;
}
