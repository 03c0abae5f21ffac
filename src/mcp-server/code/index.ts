/** The public face of the static code analysers (see code-analyser.ts for what each does). */
export * from './code-analysis.types';
export { detectLanguage, type DetectLanguageInput, type DetectedLanguage, type DetectedBy } from './language-detector';
export {
  analyseCode,
  closeCodeAnalysis,
  defaultCodeAnalyser,
  CodeAnalyser,
  DEFAULT_ANALYSIS_TIMEOUT_MS,
  type AnalyseOptions,
  type CodeAnalyserDeps,
  type LintSql,
} from './code-analyser';
export { AnalysisWorkerPool, type AnalysisWorkerPoolOptions } from './analysis-worker-pool';
