'use strict';
/**
 * The quick start's build: src/**.ts → dist/**.js, file by file, without type-checking (each file
 * is transpiled alone, as ts-jest runs the test suite: tsconfig.test.json has isolatedModules;
 * types are checked by `npm run lint` and by `npm run build`). A file is transpiled only when its
 * output is missing or older than it (make's rule; git gives a checked-out file the time of the
 * checkout), or when tsconfig.json or the TypeScript version changed; outputs whose source is
 * gone are removed. When nothing changed it only stats the files (a few ms) and never loads the
 * compiler. The whole tree takes ~3 s of one core; a full `tsc` takes ~13 s.
 *
 * `node scripts/build-dist.js [dir under src …]` builds from the command line.
 */
const fs = require('node:fs');
const path = require('node:path');
const { createHash } = require('node:crypto');

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');
const OPTIONS_STAMP = path.join(DIST, '.transpile-options');

function sources(dir = SRC, found = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sources(full, found);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

const outputOf = (source) => path.join(DIST, path.relative(SRC, source)).replace(/\.ts$/, '.js');

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** What the outputs depend on besides their own source. */
function optionsFingerprint() {
  const tsVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/typescript/package.json'), 'utf8')).version;
  return createHash('sha256')
    .update(fs.readFileSync(path.join(ROOT, 'tsconfig.json')))
    .update(tsVersion)
    .update(fs.readFileSync(__filename))
    .digest('hex');
}

let compiler;
/** Files transpiled by this process: a partial build followed by the full one does each once. */
const fresh = new Set();
function loadCompiler() {
  if (!compiler) {
    const ts = require('typescript');
    const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    if (!config) throw new Error('tsconfig.json could not be read');
    // isolatedModules as in tsconfig.test.json: what the test suite runs, file by file.
    compiler = { ts, options: { ...config.options, isolatedModules: true, noEmit: false, declaration: false } };
  }
  return compiler;
}

function transpile(source) {
  const { ts, options } = loadCompiler();
  const out = outputOf(source);
  const result = ts.transpileModule(fs.readFileSync(source, 'utf8'), { fileName: source, compilerOptions: options, reportDiagnostics: false });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const code = result.outputText;
  if (result.sourceMapText) {
    const map = JSON.parse(result.sourceMapText);
    map.file = path.basename(out);
    map.sources = [path.relative(path.dirname(out), source)];
    fs.writeFileSync(`${out}.map`, JSON.stringify(map));
  }
  fs.writeFileSync(out, code);
}

/** Outputs (and their maps) whose source was deleted or renamed. */
function removeOrphans(dir = DIST) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) removeOrphans(full);
    else if (entry.name.endsWith('.js')) {
      const source = path.join(SRC, path.relative(DIST, full)).replace(/\.js$/, '.ts');
      if (!fs.existsSync(source)) {
        fs.rmSync(full, { force: true });
        fs.rmSync(`${full}.map`, { force: true });
      }
    }
  }
}

/**
 * Brings dist/ up to date for the sources under `only` (directories relative to src/; all when
 * omitted). Returns how many files were transpiled.
 */
function buildDist(only) {
  const fingerprint = optionsFingerprint();
  const everything = fs.existsSync(OPTIONS_STAMP) ? fs.readFileSync(OPTIONS_STAMP, 'utf8') !== fingerprint : true;
  const wanted = only ? only.map((dir) => path.join(SRC, dir) + path.sep) : undefined;
  let count = 0;
  for (const source of sources()) {
    if (wanted && !wanted.some((prefix) => source.startsWith(prefix))) continue;
    if (fresh.has(source)) continue;
    if (everything || mtime(outputOf(source)) < mtime(source)) {
      transpile(source);
      fresh.add(source);
      count++;
    }
  }
  if (!only) {
    removeOrphans();
    fs.mkdirSync(DIST, { recursive: true });
    fs.writeFileSync(OPTIONS_STAMP, fingerprint);
  }
  return count;
}

module.exports = { buildDist };

if (require.main === module) {
  const started = performance.now();
  const count = buildDist(process.argv.length > 2 ? process.argv.slice(2) : undefined);
  process.stdout.write(`dist/: ${count} file(s) transpiled in ${Math.round(performance.now() - started)} ms\n`);
}
