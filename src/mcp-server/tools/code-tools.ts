/**
 * Owns the `analyze_code` MCP tool: detects the language, runs the real static analysers
 * (mcp-server/code) and returns a readable findings list plus structured findings that the
 * gateway merges with the LLM's review. The code is only parsed; it is never run or stored.
 */
import { z } from 'zod';
import {
  CODE_FOCUSES,
  defaultCodeAnalyser,
  detectLanguage,
  type AnalyseCodeResult,
  type CodeAnalyser,
  type DetectedLanguage,
  type Finding,
} from '../code';
import { CallerSlots } from './caller-slots';
import { defineTool, ToolError, ToolErrorCode, type ToolDefinition } from './tool-definition';

/** Bigger than any file a reviewer pastes; beyond it analysis time, not the finding count, explodes. */
export const MAX_CODE_CHARS = 500_000;

const inputSchema = {
  code: z.string().min(1).max(MAX_CODE_CHARS).describe('The source code to analyse. It is parsed, never executed.'),
  language: z.string().max(40).optional().describe('javascript, typescript, python, sql, … (detected when omitted).'),
  filename: z.string().max(255).optional().describe('Used for language detection by extension.'),
  focus: z.enum(CODE_FOCUSES).optional().describe('security | performance | style | all (default).'),
};

/** Analyses one asserted caller may have running or queued at once (the pool has one worker). */
export const CODE_ANALYSES_PER_CALLER = 2;

export function codeTools(analyser: CodeAnalyser = defaultCodeAnalyser()): ToolDefinition[] {
  return [analyseCodeTool(analyser, new CallerSlots(CODE_ANALYSES_PER_CALLER, 'code analyses')) as unknown as ToolDefinition];
}

function analyseCodeTool(analyser: CodeAnalyser, slots: CallerSlots) {
  return defineTool({
    name: 'analyze_code',
    title: 'Static code analysis',
    description:
      'Runs real static analysers on a code snippet without executing it: ESLint (recommended, security plugins, ' +
      'typescript-eslint, vulnerability rules with source-to-sink tracking) for JavaScript/TypeScript, the TypeScript ' +
      'compiler for type errors, a tree-sitter parser with vulnerability checks for Python, and the PostgreSQL parser ' +
      'for SQL. Returns findings with rule, severity, line and column; vulnerability findings add cwe and fix.',
    inputSchema,
    audience: 'agent',
    readOnly: true,
    async handler(args, ctx) {
      await ctx.progress(0, 2, 'detecting language');
      const detected = detectLanguage({ code: args.code, filename: args.filename, language: args.language });
      await ctx.progress(1, 2, `analysing ${detected.language}`);
      // Counted per asserted caller (the gateway asserts every call once the server can verify it).
      const release = ctx.actor ? slots.take(ctx.actor.userId) : undefined;
      let result: AnalyseCodeResult;
      try {
        result = await analyser.analyse(
          { code: args.code, language: detected.language, filename: args.filename, focus: args.focus },
          { signal: ctx.signal },
        );
      } catch (error) {
        throw toToolError(error);
      } finally {
        release?.();
      }
      await ctx.progress(2, 2, 'done');
      return {
        text: formatResult(detected, result),
        data: {
          language: result.language,
          detected_by: detected.detectedBy,
          analysers: result.analysers,
          findings: result.findings,
          ...(result.skipped ? { skipped: result.skipped } : {}),
          ...(result.timedOut ? { timed_out: result.timedOut } : {}),
        },
      };
    },
  });
}

function toToolError(error: unknown): ToolError {
  if (error instanceof Error && error.name === 'AbortError') return new ToolError(ToolErrorCode.Timeout, 'The code analysis was cancelled');
  const message = error instanceof Error ? error.message : String(error);
  return new ToolError(ToolErrorCode.Unavailable, `Code analysis failed: ${message}`);
}

export function formatResult(detected: DetectedLanguage, result: AnalyseCodeResult): string {
  const lines = [
    `Language: ${result.language} (detected by ${detected.detectedBy})`,
    `Analysers: ${result.analysers.length > 0 ? result.analysers.join(', ') : 'none'}`,
  ];
  if (result.skipped) lines.push(`Note: ${result.skipped}`);
  lines.push(result.findings.length === 0 ? 'No findings.' : `${result.findings.length} finding(s):`);
  lines.push(...result.findings.map(formatFinding));
  return lines.join('\n');
}

function formatFinding(finding: Finding): string {
  const advice = finding.suggestion ? ` Suggestion: ${finding.suggestion}` : '';
  const cwe = finding.cwe ? ` [${finding.cwe}]` : '';
  return `- line ${finding.line}:${finding.column} ${finding.severity} ${finding.rule}${cwe} (${finding.tool}): ${finding.message}${advice}`;
}
