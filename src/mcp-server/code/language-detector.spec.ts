import { detectLanguage as sut } from './language-detector';

describe('detectLanguage', () => {
  it.each([
    ['app.ts', 'typescript'],
    ['Component.tsx', 'typescript'],
    ['server.mjs', 'javascript'],
    ['schema.SQL', 'sql'],
    ['main.py', 'python'],
    ['main.go', 'go'],
  ])('takes %s to be %s from its extension, whatever the content says', (filename, language) => {
    expect(sut({ code: 'SELECT 1', filename })).toEqual({ language, detectedBy: 'filename' });
  });

  it.each([
    ['a node shebang', '#!/usr/bin/env node\nconsole.log(1)\n', 'javascript'],
    ['a python shebang', '#!/usr/bin/python3\nprint("x")\n', 'python'],
    ['import … from', "import express from 'express';\nconst app = express();\n", 'javascript'],
    ['require()', "const fs = require('fs');\n", 'javascript'],
    ['type annotations', 'interface Patient { id: number }\nconst p: Patient = { id: 1 };\n', 'typescript'],
    ['an annotated function', 'function f(a: string): number {\n  return a.length;\n}\n', 'typescript'],
    ['def …:', 'def total(items):\n    return sum(items)\n', 'python'],
    ['SELECT … FROM', 'SELECT id, name\nFROM patients\nWHERE id = 1;\n', 'sql'],
    ['a leading SQL comment', '-- purge\nDELETE FROM visits;\n', 'sql'],
    ['package main', 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("x") }\n', 'go'],
    ['#include', '#include <stdio.h>\nint main(void) { return 0; }\n', 'c'],
    ['#include <iostream>', '#include <iostream>\nint main() { std::cout << 1; }\n', 'cpp'],
    ['public class', 'public class Main {\n  public static void main(String[] args) {}\n}\n', 'java'],
  ])('recognises %s from the content', (_name, code, language) => {
    expect(sut({ code })).toEqual({ language, detectedBy: 'content' });
  });

  it('keeps JavaScript that merely contains SQL in a string as JavaScript', () => {
    const code = "const q = 'SELECT * FROM patients';\ndb.query(q);\n";
    expect(sut({ code }).language).toBe('javascript');
  });

  it('lets an explicit language win over the filename and normalises its aliases', () => {
    expect(sut({ code: 'x', filename: 'a.py', language: 'TS' })).toEqual({ language: 'typescript', detectedBy: 'explicit' });
    expect(sut({ code: 'x', language: 'PostgreSQL' })).toEqual({ language: 'sql', detectedBy: 'explicit' });
    // The caller's word is never echoed: a language we do not know is 'unknown'.
    expect(sut({ code: 'x', language: 'cobol' })).toEqual({ language: 'unknown', detectedBy: 'explicit' });
    expect(sut({ code: 'x', language: 'jane doe ssn 078-05-1120' })).toEqual({ language: 'unknown', detectedBy: 'explicit' });
  });

  it('falls back to the content when the extension is unknown, and says unknown when nothing matches', () => {
    expect(sut({ code: 'SELECT 1;', filename: 'query.txt' })).toEqual({ language: 'sql', detectedBy: 'content' });
    expect(sut({ code: 'lorem ipsum dolor' })).toEqual({ language: 'unknown', detectedBy: 'content' });
  });
});
