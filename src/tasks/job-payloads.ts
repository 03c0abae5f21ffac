/**
 * What each job carries. `dispatcher.enqueue(JobName.X, input)` is checked against this map by
 * the compiler. Bull stores job data in clear text, so every input is stored sealed (AES-GCM,
 * sealed-job-input.ts); processors read it opened.
 */
import { JobName, TaskKind } from './queue-names';
import { TaskPriority } from './task-status';

export type QueryType = 'general' | 'medical' | 'database' | 'code' | 'system';
export type CodeFocus = 'security' | 'performance' | 'style' | 'all';
export type AnalysisType = 'general' | 'diagnosis' | 'treatment' | 'monitoring' | 'research';

export interface Requester {
  userId: string;
  roles: string[];
}

export interface MedicalJobInput {
  medicalData: string;
  analysisType: AnalysisType;
  patientId?: string;
}

export interface JobPayloads {
  /** `resume`: the sealed AgentCheckpoint of an inline request handed over to a worker. */
  [JobName.AiQuery]: { query: string; queryType: QueryType; context?: Record<string, unknown>; resume?: string };
  [JobName.MedicalAnalysis]: MedicalJobInput;
  [JobName.DatabaseQuery]: { query: string; database: string; mode: 'sql' | 'natural_language' };
  [JobName.CodeAnalysis]: { code: string; language?: string; filename?: string; focus: CodeFocus };
}

export interface JobMeta {
  taskId: string;
  kind: TaskKind;
  requester: Requester;
  requestId?: string;
  priority: TaskPriority;
  submittedAt: string;
  /** The submit carried `Cache-Control: no-cache`: the worker must not answer from a result cache. */
  bypassCache?: boolean;
}

/** What Bull stores instead of a job's input. */
export interface SealedJobInput {
  sealed: string;
}

export interface JobData<N extends JobName = JobName> {
  meta: JobMeta;
  input: JobPayloads[N] | SealedJobInput;
}
