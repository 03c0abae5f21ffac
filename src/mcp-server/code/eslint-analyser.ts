/**
 * Owns linting of JavaScript/TypeScript text with the ESLint Node API, entirely in memory: the
 * config is built here (overrideConfigFile: true, so no eslint.config.* is ever looked up), the
 * text goes through lintText under a virtual path in a directory that does not exist, and
 * nothing is fixed, cached or written. One ESLint instance per focus is kept warm.
 *
 * @eslint/js is not installed (ESLint 10 no longer depends on it), so "recommended" is taken
 * from the core rules' own `meta.docs.recommended` flag, which is what @eslint/js publishes.
 */
import { ESLint, type Linter } from 'eslint';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import noUnsanitized from 'eslint-plugin-no-unsanitized';
import security from 'eslint-plugin-security';
import tseslint from 'typescript-eslint';
import type { CodeFocus, Finding } from './code-analysis.types';
import { EVAL_FAMILY_RULES, RULE_ADVICE, ruleMatchesFocus, ruleSeverity } from './rule-focus';
import { medcorPlugin, medcorRules, REPLACED_SECURITY_RULES, vulnInfo } from './vuln-rules';

/**
 * `vulnerability` is the analyser's layer: the baseline plus our source-to-sink rules and
 * no-unsanitized, with the security plugin's per-key/per-path rules replaced by taint-aware ones.
 * `baseline` is the layer as it was before them (recommended + eslint-plugin-security), kept so
 * the benchmark can measure both in one run.
 */
export type EslintLayer = 'vulnerability' | 'baseline';

/** Sanitisers no-unsanitized should trust besides its own defaults. */
const UNSANITIZED_OPTIONS = { escape: { methods: ['DOMPurify.sanitize', 'sanitizeHtml', 'sanitize', 'escapeHtml', 'escape'] } };

type RuleEntry = Linter.RuleEntry;

/** Never created on disk; lintText only uses it to match the config's `files` globs. */
export const VIRTUAL_ROOT = '/medcor-virtual-code';

const UNUSED_OPTIONS = { args: 'after-used', argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' };

/** Names a pasted snippet may use without declaring them (Node and browser), so no-undef stays useful. */
const COMMON_GLOBALS: Linter.Globals = Object.fromEntries(
  [
    'console', 'process', 'Buffer', '__dirname', '__filename', 'global', 'require', 'module', 'exports',
    'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate',
    'queueMicrotask', 'structuredClone', 'fetch', 'Request', 'Response', 'Headers', 'FormData', 'Blob',
    'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal', 'crypto',
    'performance', 'EventTarget', 'Event', 'window', 'document', 'navigator', 'location', 'localStorage',
    'sessionStorage', 'alert', 'XMLHttpRequest', 'HTMLElement',
  ].map((name) => [name, 'readonly' as const]),
);

function coreRecommendedRules(): Record<string, RuleEntry> {
  const rules: Record<string, RuleEntry> = {};
  for (const [name, rule] of builtinRules) {
    if ((rule.meta?.docs as { recommended?: boolean } | undefined)?.recommended) rules[name] = 'error';
  }
  return rules;
}

function extraRules(): Record<string, RuleEntry> {
  const rules: Record<string, RuleEntry> = { 'no-await-in-loop': 'warn', 'prefer-const': 'warn', 'no-var': 'warn' };
  for (const name of EVAL_FAMILY_RULES) rules[name] = 'error';
  return rules;
}

/** typescript-eslint's recommended is several config objects; their rules merge in order. */
function typescriptRecommendedRules(): Record<string, RuleEntry> {
  return Object.assign({}, ...tseslint.configs.recommended.map((config) => config.rules ?? {}));
}

/** Keeps the rules the focus asks for and gives each the level its category implies. */
function forFocus(rules: Record<string, RuleEntry>, focus: CodeFocus): Record<string, RuleEntry> {
  const kept: Record<string, RuleEntry> = {};
  for (const [name, entry] of Object.entries(rules)) {
    const level = Array.isArray(entry) ? entry[0] : entry;
    if (level === 'off' || level === 0) {
      kept[name] = 'off';
      continue;
    }
    if (!ruleMatchesFocus(name, focus)) continue;
    const severity = ruleSeverity(name) === 'error' ? 'error' : 'warn';
    const options = name.endsWith('no-unused-vars') ? [UNUSED_OPTIONS] : Array.isArray(entry) ? entry.slice(1) : [];
    kept[name] = [severity, ...options] as RuleEntry;
  }
  return kept;
}

function layerRules(layer: EslintLayer): Record<string, RuleEntry> {
  const securityRules = { ...(security.configs.recommended.rules as Record<string, RuleEntry>) };
  if (layer === 'baseline') return securityRules;
  for (const name of REPLACED_SECURITY_RULES) delete securityRules[name];
  return {
    ...securityRules,
    ...medcorRules(),
    'no-unsanitized/property': ['error', UNSANITIZED_OPTIONS],
    'no-unsanitized/method': ['error', UNSANITIZED_OPTIONS],
  };
}

function buildConfig(focus: CodeFocus, layer: EslintLayer): Linter.Config[] {
  const shared = { ...coreRecommendedRules(), ...extraRules(), ...layerRules(layer) };
  const plugins = { security, medcor: medcorPlugin, 'no-unsanitized': noUnsanitized as ESLint.Plugin };
  const jsLanguage = { ecmaVersion: 'latest' as const, globals: COMMON_GLOBALS };
  return [
    {
      files: ['**/*.mjs', '**/*.cjs', '**/*.jsx'],
      plugins,
      languageOptions: { ...jsLanguage, parserOptions: { ecmaFeatures: { jsx: true } } },
      rules: forFocus(shared, focus),
    },
    { files: ['**/*.mjs', '**/*.jsx'], languageOptions: { sourceType: 'module' } },
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
    {
      files: ['**/*.ts', '**/*.tsx'],
      plugins: { ...plugins, '@typescript-eslint': tseslint.plugin as unknown as ESLint.Plugin },
      languageOptions: { ...jsLanguage, sourceType: 'module', parser: tseslint.parser as Linter.Parser },
      rules: forFocus({ ...shared, ...typescriptRecommendedRules() }, focus),
    },
    { files: ['**/*.tsx'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
  ];
}

/** Picks the virtual file name: its extension selects parser, JSX and module kind in the config. */
export function virtualFileName(language: 'javascript' | 'typescript', code: string, filename?: string): string {
  const jsx = /\.(jsx|tsx)$/i.test(filename ?? '');
  if (language === 'typescript') return `input.${jsx ? 'tsx' : 'ts'}`;
  if (jsx) return 'input.jsx';
  const isModule = /^\s*(import\s*[\w{*'"]|export\s)/m.test(code) || /\.mjs$/i.test(filename ?? '');
  return isModule ? 'input.mjs' : 'input.cjs';
}

export class EslintAnalyser {
  private readonly instances = new Map<CodeFocus, ESLint>();

  constructor(private readonly layer: EslintLayer = 'vulnerability') {}

  async analyse(code: string, language: 'javascript' | 'typescript', focus: CodeFocus, filename?: string): Promise<Finding[]> {
    const [result] = await this.instance(focus).lintText(code, {
      filePath: `${VIRTUAL_ROOT}/${virtualFileName(language, code, filename)}`,
      warnIgnored: false,
    });
    return (result?.messages ?? []).map(toFinding);
  }

  private instance(focus: CodeFocus): ESLint {
    let eslint = this.instances.get(focus);
    if (!eslint) {
      eslint = new ESLint({
        cwd: VIRTUAL_ROOT,
        overrideConfigFile: true,
        overrideConfig: buildConfig(focus, this.layer),
        ignore: false,
        cache: false,
        fix: false,
        allowInlineConfig: false,
      });
      this.instances.set(focus, eslint);
    }
    return eslint;
  }
}

function toFinding(message: Linter.LintMessage): Finding {
  const rule = message.ruleId ?? (message.fatal ? 'parsing' : 'eslint');
  const vuln = vulnInfo(rule);
  const suggestion = RULE_ADVICE[rule] ?? vuln?.fix ?? message.suggestions?.[0]?.desc;
  return {
    tool: 'eslint',
    rule,
    severity: vuln?.severity ?? (message.fatal ? 'error' : message.severity === 2 ? 'error' : 'warning'),
    line: message.line ?? 1,
    column: message.column ?? 1,
    message: message.message,
    ...(suggestion ? { suggestion } : {}),
    ...(vuln ? { cwe: vuln.cwe, fix: vuln.fix } : {}),
  };
}
