/**
 * Owns how lint rules map to the caller's `focus` and to a finding's severity. A rule has one
 * category; a focus keeps the categories it names (ReDoS rules count for both security and
 * performance). `all` keeps everything, including plain correctness rules and compiler errors.
 */
import type { CodeFocus, FindingSeverity } from './code-analysis.types';

export type RuleCategory = 'security' | 'performance' | 'style' | 'correctness';

/** Code that builds code from strings: always an error, whatever the plugin's own level. */
export const EVAL_FAMILY_RULES = ['no-eval', 'no-implied-eval', 'no-new-func'] as const;

const PERFORMANCE_RULES = new Set(['no-await-in-loop', 'security/detect-unsafe-regex', 'security/detect-non-literal-regexp']);

const STYLE_RULE =
  /^(@typescript-eslint\/)?(no-unused-|no-useless-|no-empty|no-extra-|no-regex-spaces|prefer-|no-var$|no-inferrable-types|no-require-imports|triple-slash-reference)/;

export function ruleCategories(rule: string): RuleCategory[] {
  const categories: RuleCategory[] = [];
  if (/^(security|medcor|no-unsanitized|python)\//.test(rule) || (EVAL_FAMILY_RULES as readonly string[]).includes(rule)) categories.push('security');
  if (PERFORMANCE_RULES.has(rule)) categories.push('performance');
  if (STYLE_RULE.test(rule)) categories.push('style');
  return categories.length > 0 ? categories : ['correctness'];
}

export function ruleMatchesFocus(rule: string, focus: CodeFocus): boolean {
  return focus === 'all' || ruleCategories(rule).includes(focus);
}

export function ruleSeverity(rule: string): FindingSeverity {
  if ((EVAL_FAMILY_RULES as readonly string[]).includes(rule)) return 'error';
  return ruleCategories(rule).includes('correctness') ? 'error' : 'warning';
}

/** Short advice for the rules a reviewer meets most; other rules fall back to ESLint's own hints. */
export const RULE_ADVICE: Readonly<Record<string, string>> = {
  'no-eval': 'Do not evaluate strings as code; parse data with JSON.parse or dispatch to known functions.',
  'no-implied-eval': 'Pass a function to setTimeout/setInterval, not a string.',
  'no-new-func': 'Do not build functions from strings; write the function in source.',
  'security/detect-eval-with-expression': 'Never pass runtime data to eval().',
  'security/detect-object-injection':
    'Check the key against an allow-list (and reject __proto__/constructor/prototype) or use a Map / Object.create(null).',
  'security/detect-non-literal-fs-filename': 'Resolve the path against a fixed base directory and reject anything outside it.',
  'security/detect-child-process': 'Avoid shell commands built from input; use execFile with a fixed binary and an argument array.',
  'security/detect-unsafe-regex': 'Rewrite the pattern without nested quantifiers to avoid catastrophic backtracking (ReDoS).',
  'security/detect-non-literal-regexp': 'Escape user input before building a RegExp, or avoid dynamic patterns.',
  'no-await-in-loop': 'Start the independent promises first and await them together (Promise.all).',
  'no-unused-vars': 'Remove the unused binding, or prefix an intentionally unused parameter with _.',
  '@typescript-eslint/no-unused-vars': 'Remove the unused binding, or prefix an intentionally unused parameter with _.',
};
