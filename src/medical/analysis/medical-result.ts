/**
 * What a finished medical task stores and the clinician reads: the model's validated analysis,
 * re-identified, plus what the service adds itself (the fixed disclaimer, counts of what was
 * de-identified, timing).
 */
import type { AnalysisType } from '../../tasks/job-payloads';
import type { AnyAnalysis } from './analysis-schemas';

export const MEDICAL_DISCLAIMER =
  'Clinical decision support only: this AI-generated analysis is not a diagnosis or a treatment plan. ' +
  'It may be incomplete or wrong and must be reviewed by a qualified clinician, who remains responsible for every clinical decision. ' +
  'In an emergency, follow your local emergency procedures.';

export interface MedicalAnalysisResult {
  success: true;
  analysis_type: AnalysisType;
  patient_id?: number;
  analysis: AnyAnalysis;
  /** research: the de-identified aggregates the analysis rests on. */
  cohort?: Record<string, unknown>;
  disclaimer: string;
  /** How many identifiers of each kind were replaced before the model saw the data. */
  deidentification: { identifiers_replaced: number; by_kind: Record<string, number> };
  model: string;
  processing_time: number;
  cached: boolean;
}

export function nonZeroCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}
