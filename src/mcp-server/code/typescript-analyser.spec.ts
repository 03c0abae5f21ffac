import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

  it("never reads a file of the server's disk that submitted code names (reference, import), only TypeScript's own lib", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ts-host-'));
    try {
      // Were the file read, serverSecret would be declared (TS2322 on line 3, not TS2304).
      const file = path.join(dir, 'server-secret.d.ts');
      writeFileSync(file, "declare const serverSecret: 'READ-FROM-THE-SERVER-DISK';\n");
      const code = `/// <reference path="${file}" />\nimport type { Secret } from '${file.replace(/\.d\.ts$/, '')}';\nexport const n: number = serverSecret;\nexport type S = Secret;\n`;
      const findings = sut.analyse(code, 'probe.ts');
      expect(findings).toContainEqual(expect.objectContaining({ rule: 'TS2304', line: 3, message: "Cannot find name 'serverSecret'." }));
      expect(JSON.stringify(findings)).not.toContain('READ-FROM-THE-SERVER-DISK');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
