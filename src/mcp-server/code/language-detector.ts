/**
 * Owns language detection for submitted code: an explicit language wins, then the filename's
 * extension, then content heuristics. Only javascript, typescript, python and sql have analysers here;
 * the other languages are recognised so the caller can say "no analyser" instead of guessing.
 */
import type { SupportedLanguage } from './code-analysis.types';

export type DetectedBy = 'explicit' | 'filename' | 'content';

export interface DetectLanguageInput {
  code: string;
  filename?: string;
  language?: string;
}

export interface DetectedLanguage {
  /** A SupportedLanguage, another recognised language, or 'unknown'. */
  language: SupportedLanguage | string;
  detectedBy: DetectedBy;
}

const ALIASES: Record<string, string> = {
  js: 'javascript', javascript: 'javascript', node: 'javascript', nodejs: 'javascript', jsx: 'javascript',
  ecmascript: 'javascript', ts: 'typescript', typescript: 'typescript', tsx: 'typescript',
  sql: 'sql', postgres: 'sql', postgresql: 'sql', psql: 'sql', pgsql: 'sql', plpgsql: 'sql',
  py: 'python', python: 'python', python3: 'python', go: 'go', golang: 'go', java: 'java',
  c: 'c', 'c++': 'cpp', cpp: 'cpp', cxx: 'cpp', 'c#': 'csharp', cs: 'csharp', csharp: 'csharp',
  rb: 'ruby', ruby: 'ruby', php: 'php', rs: 'rust', rust: 'rust', kt: 'kotlin', kotlin: 'kotlin',
  swift: 'swift', sh: 'shell', bash: 'shell', shell: 'shell', scala: 'scala',
};

const EXTENSIONS: Record<string, string> = {
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'typescript',
  sql: 'sql', psql: 'sql', pgsql: 'sql',
  py: 'python', pyw: 'python', go: 'go', java: 'java', c: 'c', h: 'c',
  cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', cs: 'csharp', rb: 'ruby', php: 'php',
  rs: 'rust', kt: 'kotlin', kts: 'kotlin', swift: 'swift', sh: 'shell', bash: 'shell', scala: 'scala',
};

/** Ordered: the first rule that matches decides, so more specific languages come first. */
const CONTENT_RULES: ReadonlyArray<readonly [string, RegExp]> = [
  ['go', /^\s*package\s+\w+\s*$[\s\S]*\bfunc\s/m],
  ['cpp', /^\s*#include\s*<(iostream|vector|string|map|memory)>|\bstd::|^\s*template\s*</m],
  ['c', /^\s*#include\s*[<"][\w./]+[>"]/m],
  ['java', /\bpublic\s+(final\s+)?class\s+\w+|\bpublic\s+static\s+void\s+main\s*\(|^\s*import\s+java\./m],
  ['php', /^\s*<\?php/],
  ['python', /^\s*def\s+\w+\s*\(.*\)\s*(->\s*[^:]+)?:\s*$|^\s*from\s+[\w.]+\s+import\s+\w+|^if\s+__name__\s*==/m],
  ['ruby', /^\s*def\s+\w+[\s\S]*^\s*end\s*$/m],
  ['typescript', /^\s*(export\s+)?(interface|enum)\s+\w+|^\s*(export\s+)?type\s+\w+(<[^>]*>)?\s*=|^\s*import\s+type\s|\b(let|const|var)\s+\w+\s*:\s*[\w[\]<>|]+\s*=|\)\s*:\s*(string|number|boolean|void|Promise<[^>]*>|unknown|never)\s*(\{|=>)|\bas\s+const\b|\b(private|protected|public)\s+readonly\s/m],
  ['javascript', /^\s*import\s+[\w{}*\s,]+\s+from\s+['"]|\brequire\s*\(\s*['"]|\bmodule\.exports\b|^\s*(const|let|var)\s+[\w{}[\],\s]+=|^\s*(async\s+)?function\s*\*?\s*\w*\s*\(|=>|\bconsole\.\w+\(/m],
];

/** SQL is recognised by how the first statement starts, so SQL inside a JS string stays JS. */
const SQL_START =
  /^(select|insert\s+into|update\s+\w[\w.]*\s+set|delete\s+from|create\s+(or\s+replace\s+)?(table|view|index|function|schema|unique)|alter\s+table|drop\s+(table|view|index|schema)|with\s+\w+\s+as\s*\(|truncate|grant|revoke|explain)\b/i;

const SHEBANGS: ReadonlyArray<readonly [string, RegExp]> = [
  ['typescript', /\b(ts-node|tsx|deno)\b/],
  ['javascript', /\b(node|bun)\b/],
  ['python', /\bpython[\d.]*\b/],
  ['ruby', /\bruby\b/],
  ['php', /\bphp\b/],
  ['shell', /\b(ba|z|da)?sh\b/],
];

export function detectLanguage({ code, filename, language }: DetectLanguageInput): DetectedLanguage {
  const explicit = language?.trim().toLowerCase();
  if (explicit && explicit !== 'auto') {
    // The caller's own word is never echoed (it reaches progress messages and results): a language
    // we do not know is 'unknown', as one we cannot detect.
    return { language: ALIASES[explicit] ?? 'unknown', detectedBy: 'explicit' };
  }
  const fromName = languageFromFilename(filename);
  if (fromName) return { language: fromName, detectedBy: 'filename' };
  return { language: languageFromContent(code), detectedBy: 'content' };
}

function languageFromFilename(filename?: string): string | undefined {
  const match = filename ? /\.([A-Za-z0-9+]+)$/.exec(filename.trim()) : null;
  return match ? EXTENSIONS[match[1].toLowerCase()] : undefined;
}

function languageFromContent(code: string): string {
  const head = code.slice(0, 20_000);
  const shebang = /^#!(.*)$/m.exec(head.trimStart().split('\n', 1)[0] ?? '');
  if (shebang) {
    const hit = SHEBANGS.find(([, pattern]) => pattern.test(shebang[1]));
    if (hit) return hit[0];
  }
  if (SQL_START.test(firstSqlStatementText(head))) return 'sql';
  const rule = CONTENT_RULES.find(([, pattern]) => pattern.test(head));
  return rule ? rule[0] : 'unknown';
}

/** Drops leading SQL comments and blank lines so `-- note\nSELECT …` counts as SQL. */
function firstSqlStatementText(code: string): string {
  return code.replace(/^(\s*(--[^\n]*\n?|\/\*[\s\S]*?\*\/))*/, '').trimStart();
}
