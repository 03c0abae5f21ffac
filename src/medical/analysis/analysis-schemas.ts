/**
 * The structured result the model must return for each analysis type, as zod schemas sent to
 * the model's structured-output mode and validated on the way back. Every field is required
 * (empty arrays allowed) so the same schemas work with OpenAI's strict json_schema mode. The
 * disclaimer is not here: the service adds it, so the model can neither drop nor reword it.
 */
import { z } from 'zod';
import type { AnalysisType } from '../../tasks/job-payloads';

export const ANALYSIS_TYPES: readonly AnalysisType[] = ['general', 'diagnosis', 'treatment', 'monitoring', 'research'];

export const URGENCIES = ['emergency', 'urgent', 'soon', 'routine'] as const;

const redFlag = z.object({
  finding: z.string().describe('What is concerning'),
  urgency: z.enum(URGENCIES).describe('emergency: act now; urgent: within hours; soon: within days; routine'),
  action: z.string().describe('What the clinician should consider doing'),
});

const base = {
  summary: z.string().describe('Two to four sentences'),
  findings: z.array(z.string()).describe('Key findings from the notes and record'),
  red_flags: z.array(redFlag).describe('Findings that need prompt attention; empty when none'),
  confidence: z.number().min(0).max(1).describe('0 to 1: how well the data support this analysis'),
};

export const generalAnalysisSchema = z.object({
  ...base,
  recommendations: z.array(z.string()).describe('Suggested next steps'),
});

export const diagnosisAnalysisSchema = z.object({
  ...base,
  differential: z
    .array(
      z.object({
        condition: z.string(),
        icd10_code: z.string().describe('Best-matching ICD-10 code, or empty when unsure'),
        likelihood: z.enum(['high', 'moderate', 'low']),
        supporting_evidence: z.array(z.string()),
        against: z.array(z.string()),
      }),
    )
    .describe('Differential diagnosis, most likely first'),
  suggested_tests: z.array(z.string()),
});

export const treatmentAnalysisSchema = z.object({
  ...base,
  options: z
    .array(
      z.object({
        option: z.string(),
        rationale: z.string(),
        considerations: z.array(z.string()).describe('Contraindications, interactions, monitoring needs'),
      }),
    )
    .describe('Treatment options, preferred first'),
});

export const monitoringAnalysisSchema = z.object({
  ...base,
  trends: z.array(
    z.object({
      parameter: z.string(),
      direction: z.enum(['improving', 'stable', 'worsening', 'unclear']),
      detail: z.string(),
    }),
  ),
  thresholds: z
    .array(
      z.object({
        parameter: z.string(),
        threshold: z.string().describe('e.g. "HbA1c > 8%"'),
        action: z.string().describe('What to do when it is crossed'),
      }),
    )
    .describe('Values that should trigger action'),
  follow_up: z.string().describe('When and how to re-assess'),
});

export const researchAnalysisSchema = z.object({
  ...base,
  cohort_statistics: z.object({
    population: z.string().describe('The cohort the statistics describe'),
    key_statistics: z.array(z.object({ measure: z.string(), value: z.string() })),
    limitations: z.array(z.string()).describe('Including suppressed small cells'),
  }),
});

export const ANALYSIS_SCHEMAS = {
  general: generalAnalysisSchema,
  diagnosis: diagnosisAnalysisSchema,
  treatment: treatmentAnalysisSchema,
  monitoring: monitoringAnalysisSchema,
  research: researchAnalysisSchema,
} as const satisfies Record<AnalysisType, z.ZodType<Record<string, unknown>>>;

export type AnalysisOf<T extends AnalysisType> = z.infer<(typeof ANALYSIS_SCHEMAS)[T]>;
export type AnyAnalysis = AnalysisOf<AnalysisType>;

/** One schema for a type chosen at run time (the union of the five is not callable generically). */
export function analysisSchema(type: AnalysisType): z.ZodType<AnyAnalysis> {
  return ANALYSIS_SCHEMAS[type] as unknown as z.ZodType<AnyAnalysis>;
}

/** The name the schema carries in the structured-output request (letters, digits, underscores). */
export function schemaName(type: AnalysisType): string {
  return `medical_${type}_analysis`;
}
