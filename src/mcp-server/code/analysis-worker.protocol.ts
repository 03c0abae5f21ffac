/** The messages between AnalysisWorkerPool and analysis-worker.ts; structured-clone safe. */
import type { CodeFocus, Finding } from './code-analysis.types';

export type WorkerAnalyser = 'eslint' | 'typescript' | 'python';

export interface WorkerTask {
  id: number;
  code: string;
  language: 'javascript' | 'typescript' | 'python';
  focus: CodeFocus;
  filename?: string;
  analysers: WorkerAnalyser[];
}

export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'partial'; id: number; analyser: WorkerAnalyser; findings: Finding[]; ms: number }
  | { kind: 'failed'; id: number; analyser: WorkerAnalyser; message: string }
  | { kind: 'done'; id: number };
