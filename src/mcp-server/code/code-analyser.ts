/**
 * Owns one static analysis of submitted code: which analysers apply to the language and focus,
 * the time limit, and the merged, position-sorted findings. JavaScript/TypeScript go to the
 * worker pool (ESLint, plus the TypeScript checker for TS when focus is `all`), and so does Python
 * (the tree-sitter analyser, bounded by the same time limit); SQL goes to
 * shared/sql's lintSql. Languages without an analyser get an explicit `skipped` note. The code is
 * treated as text throughout: never executed, imported or written anywhere.
 */
import { AnalysisWorkerPool, type PoolRunResult } from './analysis-worker-pool';
import type { WorkerAnalyser } from './analysis-worker.protocol';
import {
  compareFindings,
  isSupportedLanguage,
  type AnalyzeCodeInput,
  type AnalyzeCodeResult,
  type Finding,
} from './code-analysis.types';
import { detectLanguage } from './language-detector';
import { TimeoutError, withTimeout } from '../../shared/async';

export const DEFAULT_ANALYSIS_TIMEOUT_MS = 10_000;

export type LintSql = (sql: string) => Promise<Finding[]>;

export interface CodeAnalyserDeps {
  pool?: AnalysisWorkerPool;
  lintSql?: LintSql;
}

export interface AnalyzeOptions {
  /** Cancels a queued or running analysis (its worker is replaced). */
  signal?: AbortSignal;
}

/** Loaded on first use, so JavaScript/TypeScript analysis never pays for the SQL parser's WASM. */
const lintSqlFromCore: LintSql = async (sql) => {
   
  const { lintSql } = require('../../shared/sql') as typeof import('../../shared/sql');
  return (await lintSql(sql)) as Finding[];
};

export class CodeAnalyser {
  private readonly pool: AnalysisWorkerPool;
  private readonly lintSql: LintSql;

  constructor(deps: CodeAnalyserDeps = {}) {
    this.pool = deps.pool ?? new AnalysisWorkerPool();
    this.lintSql = deps.lintSql ?? lintSqlFromCore;
  }

  /** Starts the analysis workers ahead of the first request. */
  warm(): void {
    this.pool.warm();
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  async analyze(input: AnalyzeCodeInput, options: AnalyzeOptions = {}): Promise<AnalyzeCodeResult> {
    const language = detectLanguage({ code: input.code, language: input.language }).language;
    const focus = input.focus ?? 'all';
    const timeoutMs = input.timeoutMs ?? DEFAULT_ANALYSIS_TIMEOUT_MS;
    if (!isSupportedLanguage(language)) {
      const skipped = language === 'unknown' ? 'the language was not recognised, so no analyser ran' : `no static analyser for ${language} here`;
      return { language, analysers: [], findings: [], skipped };
    }
    if (language === 'sql') return this.analyzeSql(input.code, timeoutMs);
    const analysers: WorkerAnalyser[] =
      language === 'python' ? ['python'] : language === 'typescript' && focus === 'all' ? ['eslint', 'typescript'] : ['eslint'];
    const run = await this.pool.run({ code: input.code, language, focus, filename: input.filename, analysers }, timeoutMs, options.signal);
    return { language, ...summarise(run, timeoutMs) };
  }

  private async analyzeSql(sql: string, timeoutMs: number): Promise<AnalyzeCodeResult> {
    // The parser is WASM called synchronously and fast; the limit bounds the wait, not the CPU.
    try {
      const findings = await withTimeout(this.lintSql(sql), timeoutMs);
      return { language: 'sql', analysers: ['pg-parser'], findings: [...findings].sort(compareFindings) };
    } catch (error) {
      if (error instanceof TimeoutError) {
        return { language: 'sql', analysers: [], findings: [], timedOut: ['pg-parser'], skipped: `pg-parser did not finish within ${timeoutMs} ms` };
      }
      const reason = error instanceof Error ? error.message : String(error);
      return { language: 'sql', analysers: [], findings: [], skipped: `pg-parser failed: ${reason}` };
    }
  }
}

function summarise(run: PoolRunResult, timeoutMs: number): Omit<AnalyzeCodeResult, 'language'> {
  const findings = run.completed.flatMap((entry) => entry.findings).sort(compareFindings);
  const notes = [
    ...(run.timedOut.length > 0 ? [`${run.timedOut.join(', ')} did not finish within ${timeoutMs} ms`] : []),
    ...run.failed.map((entry) => `${entry.analyser} failed: ${entry.message}`),
  ];
  return {
    analysers: run.completed.map((entry) => entry.analyser),
    findings,
    ...(notes.length > 0 ? { skipped: notes.join('; ') } : {}),
    ...(run.timedOut.length > 0 ? { timedOut: run.timedOut } : {}),
  };
}

let shared: CodeAnalyser | undefined;

/** The process-wide analyser (one warm worker pool) used by analyzeCode and the MCP tool. */
export function defaultCodeAnalyser(): CodeAnalyser {
  shared ??= new CodeAnalyser();
  return shared;
}

export function analyzeCode(input: AnalyzeCodeInput, options?: AnalyzeOptions): Promise<AnalyzeCodeResult> {
  return defaultCodeAnalyser().analyze(input, options);
}

/** Stops the shared workers (server shutdown, end of a test file). */
export async function closeCodeAnalysis(): Promise<void> {
  const analyser = shared;
  shared = undefined;
  await analyser?.close();
}
