/**
 * Merges the static analysers' findings with the model's issues into one list a developer can
 * act on. Static findings are the ground truth (real tools, exact positions): when the model
 * repeats one (same line and the same rule, or the same message) the static one is kept.
 */
import type { CodeIssue, StaticFinding } from './code-analysis.types';
import type { LlmIssue } from './code-review.schema';

export function fromStatic(finding: StaticFinding): CodeIssue {
  const issue: CodeIssue = {
    line: finding.line,
    severity: finding.severity,
    message: finding.message,
    source: 'static',
    rule: finding.rule,
    tool: finding.tool,
    column: finding.column,
  };
  if (finding.suggestion) issue.suggestion = finding.suggestion;
  if (finding.cwe) issue.cwe = finding.cwe;
  if (finding.fix) issue.fix = finding.fix;
  return issue;
}

export function fromLlm(issue: LlmIssue): CodeIssue {
  const out: CodeIssue = { line: issue.line, severity: issue.severity, message: issue.message.trim(), source: 'llm' };
  const rule = issue.rule?.trim();
  if (rule) out.rule = rule;
  return out;
}

/** Lower case, single spaces, no trailing punctuation: "Use of eval." equals "use of  eval". */
export function normaliseMessage(message: string): string {
  return message.toLowerCase().replace(/\s+/g, ' ').trim().replace(/[.!;:,\s]+$/, '');
}

function sameIssue(a: CodeIssue, b: CodeIssue): boolean {
  if (a.line !== b.line) return false;
  if (a.rule !== undefined && b.rule !== undefined && a.rule.toLowerCase() === b.rule.toLowerCase()) return true;
  // A model that names the weakness (rule "CWE-89") repeats the static vulnerability finding.
  if (a.cwe !== undefined && b.rule !== undefined && a.cwe.toLowerCase() === b.rule.toLowerCase()) return true;
  return normaliseMessage(a.message) === normaliseMessage(b.message);
}

export interface MergeOutcome {
  issues: CodeIssue[];
  /** Model issues dropped: a line not in the code (0, negative, fractional, past the end) or no message. */
  discarded: number;
}

/**
 * Static findings first (all kept, only exact repeats removed), then each model issue unless it
 * duplicates one already kept, points outside the code or says nothing. Sorted by line; static before model
 * on the same line.
 */
export function mergeIssues(findings: StaticFinding[], llmIssues: LlmIssue[], lineCount: number): MergeOutcome {
  const kept: CodeIssue[] = [];
  let discarded = 0;
  for (const finding of findings) {
    const issue = fromStatic(finding);
    if (!kept.some((k) => k.rule === issue.rule && k.line === issue.line && k.column === issue.column && k.message === issue.message)) kept.push(issue);
  }
  for (const raw of llmIssues) {
    const issue = fromLlm(raw);
    if (!Number.isInteger(issue.line) || issue.line < 1 || issue.line > lineCount || issue.message === '') {
      discarded += 1;
      continue;
    }
    if (!kept.some((k) => sameIssue(k, issue))) kept.push(issue);
  }
  const order = { static: 0, llm: 1 } as const;
  kept.sort((a, b) => a.line - b.line || order[a.source] - order[b.source] || (a.column ?? 0) - (b.column ?? 0));
  return { issues: kept, discarded };
}

export function countLines(code: string): number {
  return code.split(/\r\n|\r|\n/).length;
}
