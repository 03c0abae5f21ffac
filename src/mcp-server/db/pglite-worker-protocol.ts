/** The messages between the PGlite worker thread and its host; plain structured-clone data. */
import type { EngineField } from './sql-engine';

export type WorkerRequest =
  | { op: 'exec'; id: number; sql: string }
  | { op: 'query'; id: number; sql: string; params: unknown[]; rowMode: 'array' | 'object' }
  | { op: 'close'; id: number };

export interface WorkerError {
  message: string;
  /** SQLSTATE, as PostgreSQL reports it. */
  code?: string;
  detail?: string;
  hint?: string;
  position?: string;
}

export type WorkerReply =
  | { type: 'ready'; openMs: number }
  | { type: 'fatal'; message: string }
  | { type: 'result'; id: number; fields: EngineField[]; rows: unknown[] }
  | { type: 'error'; id: number; error: WorkerError };
