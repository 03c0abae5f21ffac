/**
 * The shared vocabulary of the static code analysers: languages, focus, findings and the result
 * of one analysis. Kept free of runtime imports so the worker thread and the tool can both use it.
 */

/** Languages that have a static analyser here. Other recognised languages are plain strings. */
export type SupportedLanguage = 'javascript' | 'typescript' | 'python' | 'sql';

export const SUPPORTED_LANGUAGES: readonly SupportedLanguage[] = ['javascript', 'typescript', 'python', 'sql'];

export function isSupportedLanguage(language: string): language is SupportedLanguage {
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(language);
}

export const CODE_FOCUSES = ['security', 'performance', 'style', 'all'] as const;

export type CodeFocus = (typeof CODE_FOCUSES)[number];

export type FindingTool = 'eslint' | 'typescript' | 'pg-parser' | 'tree-sitter';

export type FindingSeverity = 'error' | 'warning' | 'info';

export interface Finding {
  tool: FindingTool;
  rule: string;
  severity: FindingSeverity;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
  suggestion?: string;
  /** The weakness a vulnerability finding stands for, e.g. 'CWE-89'. */
  cwe?: string;
  /** How to remove the vulnerability (vulnerability findings only). */
  fix?: string;
}

export interface AnalyseCodeInput {
  code: string;
  language: string;
  filename?: string;
  focus?: CodeFocus;
  /** Limit for the analysers' own run time; default 10 s. */
  timeoutMs?: number;
}

export interface AnalyseCodeResult {
  language: string;
  /** The analysers that ran to completion. */
  analysers: string[];
  findings: Finding[];
  /** Why some or all analysis did not happen, in words a reader understands. */
  skipped?: string;
  /** Analysers that were cut off by the time limit (their findings are absent). */
  timedOut?: string[];
}

/** Orders findings by position; ties keep a stable order by tool and rule so output is deterministic. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || a.tool.localeCompare(b.tool) || a.rule.localeCompare(b.rule);
}
