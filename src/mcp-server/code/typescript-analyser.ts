/**
 * Owns type-checking of one TypeScript text with the compiler API, in memory. The CompilerHost
 * serves exactly two kinds of file: the virtual input, and the default lib .d.ts files from
 * typescript's own lib directory (read once, parsed once, kept for the life of the process so a
 * warm check only parses the input). Every other path does not exist for it, and nothing is
 * emitted.
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as ts from 'typescript';
import type { Finding, FindingSeverity } from './code-analysis.types';

const VIRTUAL_FILE = '/medcor-virtual-code/input.ts';

const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  esModuleInterop: true,
  jsx: ts.JsxEmit.Preserve,
  skipLibCheck: true,
  types: [],
  noLib: false,
};

/**
 * A snippet is checked alone, so these say "the rest of the project is not here", not that the
 * code is wrong: unresolvable imports and Node/Jest globals whose @types are deliberately absent.
 */
const ENVIRONMENT_CODES = new Set([2307, 2580, 2591, 2592, 2582, 2593, 7016, 2875]);

export class TypescriptAnalyser {
  private readonly libDir = path.dirname(ts.getDefaultLibFilePath(COMPILER_OPTIONS));
  private readonly libFiles = new Map<string, ts.SourceFile>();

  analyse(code: string, filename?: string): Finding[] {
    const fileName = /\.tsx$/i.test(filename ?? '') ? VIRTUAL_FILE.replace(/\.ts$/, '.tsx') : VIRTUAL_FILE;
    const input = ts.createSourceFile(fileName, code, ts.ScriptTarget.ES2022, true);
    const program = ts.createProgram({ rootNames: [fileName], options: COMPILER_OPTIONS, host: this.host(input) });
    const diagnostics = [...program.getSyntacticDiagnostics(input), ...program.getSemanticDiagnostics(input)];
    return diagnostics.filter((d) => !ENVIRONMENT_CODES.has(d.code)).map((d) => toFinding(d, input));
  }

  /** How many lib files are parsed and kept; lets callers see that the cache is warm. */
  cachedLibFileCount(): number {
    return this.libFiles.size;
  }

  private host(input: ts.SourceFile): ts.CompilerHost {
    const isLib = (fileName: string) => path.dirname(path.resolve(fileName)) === this.libDir && fileName.endsWith('.d.ts');
    const readLib = (fileName: string) => (isLib(fileName) && fs.existsSync(fileName) ? fs.readFileSync(fileName, 'utf8') : undefined);
    return {
      getSourceFile: (fileName, languageVersion) => {
        if (fileName === input.fileName) return input;
        const cached = this.libFiles.get(fileName);
        if (cached) return cached;
        const text = readLib(fileName);
        if (text === undefined) return undefined;
        const sourceFile = ts.createSourceFile(fileName, text, languageVersion, false);
        this.libFiles.set(fileName, sourceFile);
        return sourceFile;
      },
      getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
      getDefaultLibLocation: () => this.libDir,
      writeFile: () => {
        throw new Error('The in-memory TypeScript host never writes files');
      },
      getCurrentDirectory: () => path.dirname(VIRTUAL_FILE),
      getDirectories: () => [],
      fileExists: (fileName) => fileName === input.fileName || this.libFiles.has(fileName) || readLib(fileName) !== undefined,
      readFile: (fileName) => (fileName === input.fileName ? input.text : readLib(fileName)),
      getCanonicalFileName: (fileName) => fileName,
      useCaseSensitiveFileNames: () => true,
      getNewLine: () => '\n',
      directoryExists: (dir) => dir === path.dirname(VIRTUAL_FILE) || dir === this.libDir,
      realpath: (fileName) => fileName,
    };
  }
}

function toFinding(diagnostic: ts.Diagnostic, input: ts.SourceFile): Finding {
  const position = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
  const fromInput = diagnostic.file === input && position;
  return {
    tool: 'typescript',
    rule: `TS${diagnostic.code}`,
    severity: severityOf(diagnostic.category),
    line: fromInput ? position.line + 1 : 1,
    column: fromInput ? position.character + 1 : 1,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
  };
}

function severityOf(category: ts.DiagnosticCategory): FindingSeverity {
  if (category === ts.DiagnosticCategory.Error) return 'error';
  if (category === ts.DiagnosticCategory.Warning) return 'warning';
  return 'info';
}
