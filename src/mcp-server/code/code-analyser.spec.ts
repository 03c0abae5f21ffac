import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnalysisWorkerPool } from './analysis-worker-pool';
import { CodeAnalyser } from './code-analyser';
import { detectLanguage } from './language-detector';

const CORPUS = path.resolve(__dirname, '../../../test/fixtures/code');

interface Expectation {
  language: string;
  findings: Array<{ tool: string; rule: string; line: number }>;
}

const jsTsSamples = fs.readdirSync(CORPUS).filter((name) => /\.(js|ts|py)$/.test(name));
const sqlSamples = fs.readdirSync(CORPUS).filter((name) => name.endsWith('.sql'));

function loadSample(sample: string): { code: string; expected: Expectation } {
  const code = fs.readFileSync(path.join(CORPUS, sample), 'utf8');
  const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, `${sample}.expected.json`), 'utf8')) as Expectation;
  return { code, expected };
}

const shape = (findings: Array<{ tool: string; rule: string; line: number }>) =>
  findings.map(({ tool, rule, line }) => ({ tool, rule, line }));

/** Analyses a corpus sample as its file name says, returning the result and what is expected of it. */
async function analyseSample(sut: CodeAnalyser, sample: string) {
  const { code, expected } = loadSample(sample);
  const { language } = detectLanguage({ code, filename: sample });
  return { expected, result: await sut.analyse({ code, language, filename: sample }) };
}

describe('CodeAnalyser (JavaScript/TypeScript/Python through the worker pool)', () => {
  const sut = new CodeAnalyser({ lintSql: () => new Promise(() => undefined) });

  beforeAll(() => sut.warm());
  afterAll(() => sut.close());

  it.each(jsTsSamples)('finds exactly the expected rules and lines in %s', async (sample) => {
    const { result, expected } = await analyseSample(sut, sample);

    expect(result.language).toBe(expected.language);
    expect(result.skipped).toBeUndefined();
    expect(shape(result.findings)).toEqual(expected.findings);
  });

  it('analyses Python with the tree-sitter parser: vulnerabilities with CWE, syntax errors with their line', async () => {
    const vulnerable = await sut.analyse({ code: 'def f(expr):\n    return eval(expr)\n', language: 'python' });
    expect(vulnerable.analysers).toEqual(['python']);
    expect(vulnerable.findings).toEqual([expect.objectContaining({ tool: 'tree-sitter', rule: 'python/code-injection', line: 2, cwe: 'CWE-95' })]);
    const broken = await sut.analyse({ code: 'import os\n\ndef f(x:\n    return x\n', language: 'python' });
    expect(broken.findings.map((f) => [f.rule, f.line])).toEqual([['python/syntax-error', 3]]);
    const style = await sut.analyse({ code: 'def f(expr):\n    return eval(expr)\n', language: 'python', focus: 'style' });
    expect(style.findings).toEqual([]);
  });

  it('returns findings sorted by line and column', async () => {
    const code = 'eval(b);\nconst unused = 1;\neval(a);\n';
    const { findings } = await sut.analyse({ code, language: 'javascript' });
    const positions = findings.map((f) => [f.line, f.column]);
    expect(positions).toEqual([...positions].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    expect(new Set(findings.map((f) => f.line))).toEqual(new Set([1, 2, 3]));
  });

  it('runs the TypeScript checker only for focus all', async () => {
    const code = 'const n: number = "x";\nexport const f = (s: string) => eval(s);\n';
    const all = await sut.analyse({ code, language: 'typescript', focus: 'all' });
    const security = await sut.analyse({ code, language: 'typescript', focus: 'security' });
    expect(all.analysers).toEqual(['eslint', 'typescript']);
    expect(all.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['TS2322', 'no-eval']));
    expect(security.analysers).toEqual(['eslint']);
    expect(security.findings.map((f) => f.rule)).toEqual(['no-eval', 'security/detect-eval-with-expression']);
  });

  it('says that a recognised language has no analyser here instead of guessing', async () => {
    const result = await sut.analyse({ code: 'package main\nfunc main() {}\n', language: 'go' });
    expect(result).toEqual({ language: 'go', analysers: [], findings: [], skipped: 'no static analyser for go here' });
    const unknown = await sut.analyse({ code: 'lorem ipsum', language: 'unknown' });
    expect(unknown.skipped).toBe('the language was not recognised, so no analyser ran');
  });

  it('never runs the submitted code: no file written, no exit, no endless loop', async () => {
    const canary = path.join(os.tmpdir(), `medcor-code-canary-${process.pid}-${Date.now()}`);
    const code = [
      "const fs = require('fs');",
      `require('fs').writeFileSync(${JSON.stringify(canary)}, 'executed');`,
      `fs.writeFileSync(${JSON.stringify(canary)}, 'executed');`,
      'process.exit(3);',
      'while (true) {}',
    ].join('\n');

    const pythonCode = [
      'import os',
      `open(${JSON.stringify(canary)}, "w").write("executed")`,
      'os._exit(3)',
      'while True:',
      '    pass',
    ].join('\n');

    const js = await sut.analyse({ code, language: 'javascript', timeoutMs: 5_000 });
    const ts = await sut.analyse({ code, language: 'typescript', timeoutMs: 5_000 });
    const py = await sut.analyse({ code: pythonCode, language: 'python', timeoutMs: 5_000 });

    expect(fs.existsSync(canary)).toBe(false);
    expect(py).toMatchObject({ analysers: ['python'] });
    expect(py.timedOut).toBeUndefined();
    expect(js).toMatchObject({ analysers: ['eslint'] });
    expect(js.timedOut).toBeUndefined();
    expect(ts).toMatchObject({ analysers: ['eslint', 'typescript'] });
    expect(ts.timedOut).toBeUndefined();
  });

  it('analyses a 2,000-line input within the default limit', async () => {
    const code = Array.from({ length: 2_000 }, (_, i) => `const unused${i} = ${i};`).join('\n');
    const started = Date.now();
    const result = await sut.analyse({ code, language: 'javascript', focus: 'style' });
    process.stdout.write(`2,000-line JavaScript analysed in ${Date.now() - started} ms\n`);
    expect(result.timedOut).toBeUndefined();
    expect(result.findings.filter((f) => f.rule === 'no-unused-vars')).toHaveLength(2_000);
    expect(result.findings[1_999]).toMatchObject({ line: 2_000 });
  });

  it('cuts a huge input at the limit, names what was cut, and keeps serving', async () => {
    const code = Array.from({ length: 40_000 }, (_, i) => `function f${i}(a, key) { return a[key] + eval(key) + ${i}; }`).join('\n');
    const started = Date.now();
    const result = await sut.analyse({ code, language: 'javascript', timeoutMs: 300 });
    const elapsed = Date.now() - started;
    process.stdout.write(`huge input (${(code.length / 1e6).toFixed(1)} MB) cut after ${elapsed} ms\n`);

    expect(result).toEqual({
      language: 'javascript',
      analysers: [],
      findings: [],
      timedOut: ['eslint'],
      skipped: 'eslint did not finish within 300 ms',
    });
    expect(elapsed).toBeLessThan(2_000);

    const next = await sut.analyse({ code: 'eval(x);\n', language: 'javascript', focus: 'security' });
    expect(next.findings.map((f) => f.rule)).toContain('no-eval');
  });

  it('stops a running analysis when the caller aborts', async () => {
    const code = Array.from({ length: 80_000 }, (_, i) => `const v${i} = input[k${i}];`).join('\n');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(sut.analyse({ code, language: 'javascript' }, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('bounds SQL analysis by the same limit', async () => {
    const result = await sut.analyse({ code: 'SELECT 1;', language: 'sql', timeoutMs: 50 });
    expect(result).toMatchObject({ language: 'sql', analysers: [], timedOut: ['pg-parser'] });
  });
});

describe('CodeAnalyser (SQL through shared/sql lintSql)', () => {
  const sut = new CodeAnalyser();

  afterAll(() => sut.close());

  it('has SQL samples in the corpus', () => {
    expect(sqlSamples).toEqual(['delete-without-where.sql', 'sql-syntax-error.sql']);
  });

  it.each(sqlSamples)('finds exactly the expected rules and lines in %s', async (sample) => {
    const { result, expected } = await analyseSample(sut, sample);

    expect(result).toMatchObject({ language: expected.language, analysers: ['pg-parser'] });
    expect(shape(result.findings)).toEqual(expected.findings);
  });
});

describe('CodeAnalyser queue bound', () => {
  // One worker, at most one analysis waiting: the third at once is refused, not queued behind the others.
  const sut = new CodeAnalyser({ pool: new AnalysisWorkerPool({ maxQueue: 1 }) });
  beforeAll(() => sut.warm());
  afterAll(() => sut.close());

  it('refuses an analysis beyond maxQueue at once instead of letting the line grow', async () => {
    const code = Array.from({ length: 300 }, (_, i) => `const v${i}: number = ${i} as unknown as number;`).join('\n');
    const runs = Array.from({ length: 8 }, () => sut.analyse({ code, language: 'typescript', focus: 'all' }).then(() => 'ok', (e: Error) => e.message));
    const outcomes = await Promise.all(runs);
    expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThanOrEqual(1);
    expect(outcomes.filter((o) => /unavailable.*queue/i.test(o)).length).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
