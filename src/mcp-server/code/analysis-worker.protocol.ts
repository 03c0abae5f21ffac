/** The task piscina hands to analysis-worker.ts, and what the worker says back; structured-clone safe. */
import type { MessagePort } from 'node:worker_threads';
import type { CodeFocus, Finding } from './code-analysis.types';

export type WorkerAnalyser = 'eslint' | 'typescript' | 'python';

export interface WorkerTask {
  code: string;
  language: 'javascript' | 'typescript' | 'python';
  focus: CodeFocus;
  filename?: string;
  analysers: WorkerAnalyser[];
}

/**
 * Sent on the task's own port as the task runs: `started` when a warm worker takes it (the time
 * limit counts from there, not from the queue), then each analyser's outcome as it finishes, so a
 * task cut at its limit keeps what completed.
 */
export type WorkerReply =
  | { kind: 'started' }
  | { kind: 'partial'; analyser: WorkerAnalyser; findings: Finding[]; ms: number }
  | { kind: 'failed'; analyser: WorkerAnalyser; message: string };

export type WorkerRun = WorkerTask & { port: MessagePort };
