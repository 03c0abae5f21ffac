import * as fs from 'node:fs';
import { EslintAnalyser, VIRTUAL_ROOT, virtualFileName } from './eslint-analyser';

const MIXED = [
  "const cp = require('child_process');", // 1
  'async function load(ids, input) {', //     2
  '  const unused = 1;', //                   3
  '  for (const id of ids) await fetch(id);', // 4
  '  eval(input);', //                         5
  '  cp.exec(input);', //                      6
  '}', //                                      7
  'module.exports = { load };', //             8
].join('\n');

const rulesAndLines = (findings: Array<{ rule: string; line: number }>) => findings.map((f) => `${f.rule}@${f.line}`).sort();

describe('EslintAnalyser', () => {
  const sut = new EslintAnalyser();

  it('reports every category for focus all', async () => {
    expect(rulesAndLines(await sut.analyse(MIXED, 'javascript', 'all'))).toEqual([
      'medcor/code-injection@5',
      'medcor/command-injection@6',
      'no-await-in-loop@4',
      'no-eval@5',
      'no-unused-vars@3',
      'security/detect-eval-with-expression@5',
    ]);
  });

  it('keeps only the security rules and the eval family for focus security', async () => {
    expect(rulesAndLines(await sut.analyse(MIXED, 'javascript', 'security'))).toEqual([
      'medcor/code-injection@5',
      'medcor/command-injection@6',
      'no-eval@5',
      'security/detect-eval-with-expression@5',
    ]);
  });

  it("keeps today's layer (recommended + eslint-plugin-security, no vulnerability rules) as the baseline", async () => {
    expect(rulesAndLines(await new EslintAnalyser('baseline').analyse(MIXED, 'javascript', 'security'))).toEqual([
      'no-eval@5',
      'security/detect-child-process@6',
      'security/detect-eval-with-expression@5',
    ]);
  });

  it('keeps only unused and stylistic rules for focus style', async () => {
    expect(rulesAndLines(await sut.analyse(MIXED, 'javascript', 'style'))).toEqual(['no-unused-vars@3']);
  });

  it('keeps only performance rules for focus performance', async () => {
    expect(rulesAndLines(await sut.analyse(MIXED, 'javascript', 'performance'))).toEqual(['no-await-in-loop@4']);
  });

  it('gives eval and vulnerabilities an error with their CWE and fix, and the security plugin a warning, with advice', async () => {
    const findings = await sut.analyse(MIXED, 'javascript', 'security');
    expect(findings.find((f) => f.rule === 'no-eval')).toMatchObject({ tool: 'eslint', severity: 'error', line: 5, column: 3, cwe: 'CWE-95' });
    expect(findings.find((f) => f.rule === 'medcor/command-injection')).toMatchObject({ severity: 'error', line: 6, cwe: 'CWE-78', fix: expect.stringMatching(/execFile/) });
    const regex = await sut.analyse('module.exports = (s) => /^(a+)+$/.test(s);\n', 'javascript', 'security');
    expect(regex.find((f) => f.rule === 'security/detect-unsafe-regex')).toMatchObject({ severity: 'warning', cwe: 'CWE-1333' });
    expect(findings.find((f) => f.rule === 'no-eval')?.suggestion).toMatch(/JSON\.parse/);
  });

  it('ignores eslint-disable comments in the submitted code, so a snippet cannot hide its own findings', async () => {
    const code = '/* eslint-disable */\nfunction run(s) { return eval(s); } // eslint-disable-line no-eval\nmodule.exports = run;\n';
    expect(rulesAndLines(await sut.analyse(code, 'javascript', 'security'))).toContain('no-eval@2');
  });

  it('reports a syntax error as one parsing finding at its position', async () => {
    const findings = await sut.analyse('const a = 1;\nfunction (\n', 'javascript', 'all');
    expect(findings).toEqual([expect.objectContaining({ tool: 'eslint', rule: 'parsing', severity: 'error', line: 2, column: 10 })]);
  });

  it('applies typescript-eslint rules to TypeScript and not the core no-unused-vars', async () => {
    const findings = await sut.analyse('const x: any = 1;\nexport {};\n', 'typescript', 'all');
    expect(rulesAndLines(findings)).toEqual(['@typescript-eslint/no-explicit-any@1', '@typescript-eslint/no-unused-vars@1']);
  });

  it('never creates its virtual directory on disk', async () => {
    await sut.analyse('const a = 1;\n', 'javascript', 'all');
    expect(fs.existsSync(VIRTUAL_ROOT)).toBe(false);
  });

  it('lints import syntax as a module and require() code as CommonJS', () => {
    expect(virtualFileName('javascript', "import a from 'a';\n")).toBe('input.mjs');
    expect(virtualFileName('javascript', "const a = require('a');\n")).toBe('input.cjs');
    expect(virtualFileName('typescript', 'const a = <b />;', 'View.tsx')).toBe('input.tsx');
  });
});
