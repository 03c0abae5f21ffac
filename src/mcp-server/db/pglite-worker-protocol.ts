/** The messages between the PGlite worker thread and its host; plain structured-clone data. */
import type { EngineField } from './sql-engine';

/**
 * Server settings every PGlite worker starts with, for the tools server's RSS (WASM memory never
 * shrinks: every page PostgreSQL touches once stays resident). shared_buffers: PGlite's 128 MB
 * default is allocated and touched at start (~135 MB more than 16 MB); the demo database's pages
 * stay in the OS cache anyway. work_mem 2 MB with hash_mem_multiplier 1: a join over the
 * 10,000-patient views touched ~40 MB more of the heap with the defaults (4 MB, ×2), and ran no
 * faster. wal_level minimal: a bulk load into tables truncated in the same transaction writes no
 * WAL (there is no replica to feed). wal_recycle off: WAL segments a checkpoint no longer needs are
 * removed, not renamed for reuse, so a built demo directory holds one segment instead of five
 * (126 MB instead of 190, and its stored snapshot is smaller for it).
 */
export const PGLITE_SETTINGS: readonly string[] = [
  'shared_buffers=16MB',
  'work_mem=2MB',
  'hash_mem_multiplier=1',
  'wal_level=minimal',
  'max_wal_senders=0',
  'wal_recycle=off',
];

export interface WorkerData {
  dataDir: string;
  settings: readonly string[];
  /** An empty dataDir is filled from this brotli-compressed PGlite tarball instead of by initdb. */
  initialCluster?: string;
}

export type WorkerRequest =
  | { op: 'exec'; id: number; sql: string }
  | { op: 'query'; id: number; sql: string; params: unknown[]; rowMode: 'array' | 'object' }
  /** `COPY … FROM '/dev/blob'` with `data` as the blob (PGlite's way to bulk-load). */
  | { op: 'copy'; id: number; sql: string; data: string }
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
