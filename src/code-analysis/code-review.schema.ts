/**
 * What the model must return for a code review. Every field is required and optional values are
 * `nullable`, because OpenAI's strict json_schema mode refuses optional properties; no length or
 * integer bounds either (strict mode rejects some of those keywords): issue-merge enforces
 * integer, in-range lines and non-empty messages after parsing.
 */
import { z } from 'zod';
import { ISSUE_SEVERITIES } from './code-analysis.types';

export const CODE_REVIEW_SCHEMA_NAME = 'code_review';

export const llmIssueSchema = z.object({
  line: z.number().describe('1-based line number the issue is on'),
  severity: z.enum(ISSUE_SEVERITIES),
  message: z.string().describe('What is wrong and why it matters, in one or two sentences'),
  rule: z.string().nullable().describe('The static rule id when the issue is one of the static findings, otherwise null'),
});

export const codeReviewSchema = z.object({
  summary: z.string().describe('Two to four sentences on the overall quality of the code'),
  issues: z.array(llmIssueSchema).describe('Problems found, including any static findings you confirm'),
  security: z.object({
    risk_level: z.enum(['none', 'low', 'medium', 'high', 'critical']),
    summary: z.string(),
    concerns: z.array(z.string()),
  }),
  optimizations: z.array(
    z.object({
      line: z.number().nullable().describe('The line concerned, or null for the whole snippet'),
      suggestion: z.string(),
    }),
  ),
});

export type LlmCodeReview = z.infer<typeof codeReviewSchema>;
export type LlmIssue = z.infer<typeof llmIssueSchema>;
