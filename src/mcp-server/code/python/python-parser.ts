/**
 * Owns loading the Python grammar: web-tree-sitter's WASM runtime and tree-sitter-python's
 * grammar WASM, both read from node_modules (no download), initialised once per thread.
 */
import { readFileSync } from 'node:fs';
import { Language, Parser } from 'web-tree-sitter';

let loading: Promise<Parser> | undefined;

export function pythonParser(): Promise<Parser> {
  loading ??= (async () => {
    await Parser.init();
    // Bytes, not a path: given a path, web-tree-sitter reaches fs through a dynamic import that
    // Jest's CommonJS runtime cannot serve.
    const language = await Language.load(readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm')));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return loading;
}
