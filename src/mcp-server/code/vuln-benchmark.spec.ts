/**
 * The labelled vulnerability benchmark (test/fixtures/code-vulns): recall on the vulnerable
 * snippets and false positives on their safe look-alikes, per class, for the analyser's layer and,
 * in the same run, for the layer as it was before (ESLint recommended + eslint-plugin-security).
 * A snippet counts as found when a security finding sits on its labelled line; a safe snippet
 * counts as a false positive when any security finding is reported in it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from './code-analysis.types';
import { EslintAnalyser, type EslintLayer } from './eslint-analyser';
import { PythonAnalyser } from './python/python-analyser';
import { ruleCategories } from './rule-focus';

const BENCH = path.resolve(__dirname, '../../../test/fixtures/code-vulns');

interface Snippet {
  file: string;
  language: 'javascript' | 'typescript' | 'python';
  class: string;
  vulnerable: boolean;
  line: number;
}

interface ClassScore {
  vulnerable: number;
  found: number;
  safe: number;
  falsePositives: number;
}

const manifest = JSON.parse(fs.readFileSync(path.join(BENCH, 'manifest.json'), 'utf8')) as { snippets: Snippet[] };
const source = (snippet: Snippet) => fs.readFileSync(path.join(BENCH, snippet.file), 'utf8');

const python = new PythonAnalyser();

async function securityFindings(eslint: EslintAnalyser, snippet: Snippet, code: string): Promise<Finding[]> {
  const findings =
    snippet.language === 'python' ? await python.analyse(code) : await eslint.analyse(code, snippet.language, 'security', snippet.file);
  return findings.filter((finding) => ruleCategories(finding.rule).includes('security'));
}

async function score(layerName: EslintLayer, misses: string[] = []): Promise<Map<string, ClassScore>> {
  const eslint = new EslintAnalyser(layerName);
  const scores = new Map<string, ClassScore>();
  for (const snippet of manifest.snippets) {
    const code = source(snippet);
    // Today's layer had no Python analyser at all.
    const findings = snippet.language === 'python' && layerName === 'baseline' ? [] : await securityFindings(eslint, snippet, code);
    const entry = scores.get(snippet.class) ?? { vulnerable: 0, found: 0, safe: 0, falsePositives: 0 };
    if (snippet.vulnerable) {
      entry.vulnerable += 1;
      if (findings.some((finding) => finding.line === snippet.line)) entry.found += 1;
      else misses.push(`missed ${snippet.file}:${snippet.line}`);
    } else {
      entry.safe += 1;
      if (findings.length > 0) entry.falsePositives += 1;
      if (findings.length > 0) misses.push(`false positive ${snippet.file}: ${findings.map((f) => `${f.line} ${f.rule}`).join(', ')}`);
    }
    scores.set(snippet.class, entry);
  }
  return scores;
}

function totals(scores: Map<string, ClassScore>): ClassScore {
  const total = { vulnerable: 0, found: 0, safe: 0, falsePositives: 0 };
  for (const entry of scores.values()) {
    total.vulnerable += entry.vulnerable;
    total.found += entry.found;
    total.safe += entry.safe;
    total.falsePositives += entry.falsePositives;
  }
  return total;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

function table(ours: Map<string, ClassScore>, today: Map<string, ClassScore>): string {
  const rows = [...ours.keys()].sort().map((name) => [name, ours.get(name)!, today.get(name)!] as const);
  rows.push(['overall', totals(ours), totals(today)]);
  const line = (name: string, a: ClassScore, b: ClassScore) =>
    `${name.padEnd(20)} ${String(a.vulnerable).padStart(3)}/${String(a.safe).padEnd(3)} ` +
    `${ratio(a.found, a.vulnerable).toFixed(2).padStart(6)} ${ratio(a.falsePositives, a.safe).toFixed(2).padStart(6)}   ` +
    `${ratio(b.found, b.vulnerable).toFixed(2).padStart(6)} ${ratio(b.falsePositives, b.safe).toFixed(2).padStart(6)}`;
  return [
    'class                vuln/safe  recall  FP-rate | today: recall FP-rate',
    ...rows.map(([name, a, b]) => line(name, a, b)),
  ].join('\n');
}

/** A realistic file of about `lines` lines: the benchmark's snippets wrapped in functions, repeated. */
function bigFile(language: 'javascript' | 'python', lines: number): string {
  const parts: string[] = [];
  let count = 0;
  const pool = manifest.snippets.filter((s) => (language === 'python' ? s.language === 'python' : s.file.endsWith('.js')));
  for (let i = 0; count < lines; i += 1) {
    const snippet = pool[i % pool.length];
    const body = source(snippet).trimEnd().split('\n');
    const wrapped =
      language === 'python'
        ? [`def snippet_${i}():`, ...body.map((l) => `    ${l}`), '    return None', '']
        : [`function snippet${i}() {`, ...body, '}', ''];
    parts.push(...wrapped);
    count += wrapped.length;
  }
  return parts.slice(0, lines).join('\n').replace(/\n[^\n]*$/, '\n');
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
}

describe('vulnerability benchmark (test/fixtures/code-vulns)', () => {
  it('has at least 80 vulnerable and 80 safe labelled snippets in both languages', () => {
    const vulnerable = manifest.snippets.filter((s) => s.vulnerable);
    const safe = manifest.snippets.filter((s) => !s.vulnerable);
    expect(vulnerable.length).toBeGreaterThanOrEqual(80);
    expect(safe.length).toBeGreaterThanOrEqual(80);
    expect(new Set(manifest.snippets.map((s) => s.language))).toEqual(new Set(['javascript', 'typescript', 'python']));
    for (const snippet of manifest.snippets) expect(source(snippet).split('\n').length).toBeGreaterThanOrEqual(snippet.line);
  });

  it('reaches recall >= 0.9 overall and >= 0.8 per class with <= 0.1 false positives, and prints both layers', async () => {
    const misses: string[] = [];
    const ours = await score('vulnerability', misses);
    const today = await score('baseline');
    process.stdout.write(`Vulnerability benchmark\n${table(ours, today)}\n${misses.join('\n')}\n`);

    const overall = totals(ours);
    expect(ratio(overall.found, overall.vulnerable)).toBeGreaterThanOrEqual(0.9);
    expect(ratio(overall.falsePositives, overall.safe)).toBeLessThanOrEqual(0.1);
    const weakClasses = [...ours].filter(([, entry]) => ratio(entry.found, entry.vulnerable) < 0.8).map(([name]) => name);
    expect(weakClasses).toEqual([]);
  }, 120_000);

  it('measures the time of a 500-line file (printed; only a generous sanity bound is asserted)', async () => {
    const eslint = new EslintAnalyser('vulnerability');
    const report: string[] = [];
    for (const language of ['javascript', 'python'] as const) {
      const code = bigFile(language, 500);
      const run = () => (language === 'python' ? python.analyse(code) : eslint.analyse(code, 'javascript', 'all', 'big.js'));
      await run();
      const samples: number[] = [];
      for (let i = 0; i < 15; i += 1) {
        const started = performance.now();
        await run();
        samples.push(performance.now() - started);
      }
      report.push(`${language}: 500 lines, p95 ${p95(samples).toFixed(0)} ms, median ${[...samples].sort((a, b) => a - b)[7].toFixed(0)} ms`);
      expect(p95(samples)).toBeLessThan(5_000);
    }
    process.stdout.write(`Analysis time\n${report.join('\n')}\n`);
  }, 120_000);
});
