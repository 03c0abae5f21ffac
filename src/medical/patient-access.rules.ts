/**
 * The medical domain's access rules that need no I/O, kept pure so they are specified in one
 * unit spec: which requests may name a patient, how the tools server's answers map to our
 * errors, and which cohort a research question is about.
 */
import type { McpToolResult } from '../core/mcp/mcp-client';
import { toolFailure as sharedToolFailure } from '../core/mcp/tool-failure';
import { AppError, ErrorCode } from '../core/errors';
import type { AnalysisType } from '../tasks/job-payloads';

/** medcor.patients.id is a PostgreSQL integer. */
export const MAX_PATIENT_ID = 2_147_483_647;

export interface AccessDecision {
  allowed: boolean;
  /** Fixed wording from the tools server; never carries patient data. */
  reason: string;
  careTeamRole?: string;
}

/**
 * `research` works on de-identified aggregates only, never on one patient's record; every other
 * type may name a patient (the care-team check decides whether the caller may read it).
 */
export function assertPatientScope(type: AnalysisType, patientId: number | undefined): void {
  if (type === 'research' && patientId !== undefined) {
    throw new AppError(
      ErrorCode.ValidationFailed,
      'analysis_type research works only on de-identified cohort aggregates: omit patient_id',
      { details: [{ field: 'patient_id', errors: ['must be omitted when analysis_type is research'] }] },
    );
  }
}

export function parsePatientId(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1 || id > MAX_PATIENT_ID) {
    throw new AppError(ErrorCode.ValidationFailed, 'Request validation failed', {
      details: [{ field: 'patient_id', errors: [`patient_id must be an integer from 1 to ${MAX_PATIENT_ID}`] }],
    });
  }
  return id;
}

/** Reads patient_access_check's structured answer; anything else is a broken tools server. */
export function toAccessDecision(result: McpToolResult): AccessDecision {
  if (result.isError) throw toolFailure('patient_access_check', result);
  const data = result.data as { allowed?: unknown; reason?: unknown; care_team_role?: unknown } | undefined;
  if (typeof data?.allowed !== 'boolean') {
    throw new AppError(ErrorCode.ToolFailed, 'patient_access_check returned no decision', { transient: false });
  }
  return {
    allowed: data.allowed,
    reason: typeof data.reason === 'string' ? data.reason : data.allowed ? 'allowed' : 'denied',
    careTeamRole: typeof data.care_team_role === 'string' ? data.care_team_role : undefined,
  };
}

/**
 * A tool-level error from medcor-tools as one of our errors (the one mapping, core/mcp/tool-failure).
 * The messages are ours, not the tool's text, so nothing a tool might echo ends up in a task
 * record or a log line; a refusal names the care-team rule.
 */
export function toolFailure(tool: string, result: McpToolResult): AppError {
  return sharedToolFailure(tool, result, { quote: false, refine: (failure) => (failure.errorCode === 'forbidden' ? careTeamRefusal() : undefined) });
}

function careTeamRefusal(): AppError {
  return new AppError(ErrorCode.Forbidden, 'Access to this patient\'s record was denied: only a clinician on the patient\'s care team may read it');
}

const ICD10 = /\b([A-TV-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)\b/;
const SEX = /\b(female|male|women|men)\b/i;
// An age range needs "aged" before it or "years" after it, so "120-130 mmHg" is not one.
const AGE_RANGE = /\bage[sd]?\s*(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})\b|\b(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})\s*(?:years?|yrs?)\b/i;

export interface CohortFilters {
  condition_icd10_prefix?: string;
  sex?: 'F' | 'M';
  min_age?: number;
  max_age?: number;
}

/**
 * The cohort a research question names, read from its text: the first ICD-10 code, a sex and
 * an age range. Only these filters reach cohort_statistics, never the text itself.
 */
export function cohortFiltersFrom(text: string): CohortFilters {
  const filters: CohortFilters = {};
  const code = ICD10.exec(text);
  if (code) filters.condition_icd10_prefix = code[1];
  const sex = SEX.exec(text)?.[1].toLowerCase();
  if (sex) filters.sex = sex === 'female' || sex === 'women' ? 'F' : 'M';
  const ages = AGE_RANGE.exec(text);
  if (ages) {
    const [low, high] = [Number(ages[1] ?? ages[3]), Number(ages[2] ?? ages[4])].sort((a, b) => a - b);
    if (high <= 130) Object.assign(filters, { min_age: low, max_age: high });
  }
  return filters;
}
