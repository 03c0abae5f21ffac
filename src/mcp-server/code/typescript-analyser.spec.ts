import { TypescriptAnalyser } from './typescript-analyser';

describe('TypescriptAnalyser', () => {
  const sut = new TypescriptAnalyser();

  it('maps compiler diagnostics to TS<code> findings at their line and column', () => {
    const code = 'const a: number = 1;\nconst b: string = a;\nexport { b };\n';
    expect(sut.analyse(code)).toEqual([
      expect.objectContaining({ tool: 'typescript', rule: 'TS2322', severity: 'error', line: 2, column: 7 }),
    ]);
  });

  it('checks with strict on (implicit any and null checks)', () => {
    const code = 'export function f(x) {\n  const s: string | null = null;\n  return s.length + x;\n}\n';
    expect(sut.analyse(code).map((f) => `${f.rule}@${f.line}`)).toEqual(['TS7006@1', 'TS18047@3']);
  });

  it('drops diagnostics that only say the rest of the project is absent (imports, Node types)', () => {
    const code = "import express from 'express';\nconst fs = require('fs');\nexport const app = express(fs);\n";
    expect(sut.analyse(code)).toEqual([]);
  });

  it('parses the lib files once and reuses them, so a warm check is much faster', () => {
    const fresh = new TypescriptAnalyser();
    const code = 'export const n: number = [1, 2, 3].map((x) => x * 2).length;\n';
    const coldStart = performance.now();
    fresh.analyse(code);
    const coldMs = performance.now() - coldStart;
    const libFiles = fresh.cachedLibFileCount();
    const warmStart = performance.now();
    fresh.analyse(code.replace('2', '3'));
    const warmMs = performance.now() - warmStart;
    process.stdout.write(`typescript analyser: cold ${coldMs.toFixed(0)} ms, warm ${warmMs.toFixed(0)} ms, ${libFiles} lib files cached\n`);
    expect(libFiles).toBeGreaterThan(10);
    expect(fresh.cachedLibFileCount()).toBe(libFiles);
    expect(warmMs).toBeLessThan(coldMs / 2);
  });
});
