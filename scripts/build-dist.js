'use strict';
/**
 * The quick start's build: src/**.ts → dist/**.js, file by file, without type-checking, by swc
 * (@swc/core, the transpiler Nest's own CLI offers with `--builder swc`): ~0.3 s for the whole
 * tree where TypeScript's transpileModule took ~4 s of one core, on the first start's critical
 * path. Each file is transpiled alone, as ts-jest runs the test suite (tsconfig.test.json has
 * isolatedModules); types are checked by `npm run lint` and by `npm run build` (tsc, what the
 * image ships). The options follow tsconfig.json (target, legacy decorators with metadata,
 * class fields by [[Define]] as TypeScript does for ES2022, CommonJS with `import()` kept native
 * as module node16 does); a tsconfig.json they do not cover stops the build. A file is
 * transpiled only when its output is missing or older than it (make's rule; git gives a
 * checked-out file the time of the checkout), or when tsconfig.json, swc's version or this file
 * changed; outputs whose source is gone are removed. When nothing changed it only stats the
 * files (a few ms) and never loads the compiler.
 *
 * `node scripts/build-dist.js [dir under src …]` builds from the command line.
 */
const fs = require('node:fs');
const path = require('node:path');
const { createHash } = require('node:crypto');

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');
const STAMP_NAME = '.transpile-options';

function sources(dir = SRC, found = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sources(full, found);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

const outputOf = (source, dist) => path.join(dist, path.relative(SRC, source)).replace(/\.ts$/, '.js');

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

const TSCONFIG = path.join(ROOT, 'tsconfig.json');

/** What the outputs depend on besides their own source. */
function optionsFingerprint() {
  const swcVersion = JSON.parse(fs.readFileSync(require.resolve('@swc/core/package.json'), 'utf8')).version;
  return createHash('sha256').update(fs.readFileSync(TSCONFIG)).update(swcVersion).update(fs.readFileSync(__filename)).digest('hex');
}

/** tsconfig.json's options as swc's, for the options this code base uses (others stop the build). */
function swcOptionsOf(tsconfig) {
  const options = tsconfig.compilerOptions ?? {};
  const expected = { module: 'node16', experimentalDecorators: true, emitDecoratorMetadata: true, esModuleInterop: true };
  for (const [key, value] of Object.entries(expected)) {
    if (String(options[key]).toLowerCase() !== String(value)) throw new Error(`scripts/build-dist.js expects ${key}: ${value} in tsconfig.json (found ${options[key]}); update its swc options`);
  }
  const target = String(options.target ?? '').toLowerCase();
  if (!/^es20(1[5-9]|2[0-4])$/.test(target)) throw new Error(`scripts/build-dist.js: unsupported target ${options.target}`);
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: options.useDefineForClassFields ?? Number(target.slice(2)) >= 2022 },
      target,
      keepClassNames: true,
    },
    module: { type: 'commonjs', ignoreDynamic: true, exportInteropAnnotation: true },
    sourceMaps: Boolean(options.sourceMap),
  };
}

let compiler;
/** Files transpiled by this process: a partial build followed by the full one does each once. */
const fresh = new Set();
function loadCompiler() {
  if (!compiler) compiler = { swc: require('@swc/core'), options: swcOptionsOf(JSON.parse(fs.readFileSync(TSCONFIG, 'utf8'))) };
  return compiler;
}

function transpile(source, dist) {
  const { swc, options } = loadCompiler();
  const out = outputOf(source, dist);
  const result = swc.transformSync(fs.readFileSync(source, 'utf8'), { ...options, filename: source, sourceFileName: path.relative(path.dirname(out), source), outputPath: out });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  let code = result.code;
  if (result.map) {
    fs.writeFileSync(`${out}.map`, result.map);
    code += `\n//# sourceMappingURL=${path.basename(out)}.map\n`;
  }
  fs.writeFileSync(out, code);
}

/** Outputs (and their maps) whose source was deleted or renamed. */
function removeOrphans(dist, dir = dist) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) removeOrphans(dist, full);
    else if (entry.name.endsWith('.js')) {
      const source = path.join(SRC, path.relative(dist, full)).replace(/\.js$/, '.ts');
      if (!fs.existsSync(source)) {
        fs.rmSync(full, { force: true });
        fs.rmSync(`${full}.map`, { force: true });
      }
    }
  }
}

/**
 * Brings dist/ (or `dist`, e.g. a test's own directory inside the checkout) up to date for the
 * sources in `only` (directories or .ts files, relative to src/; all when omitted). Returns how
 * many files were transpiled.
 */
function buildDist(only, dist = DIST) {
  const fingerprint = optionsFingerprint();
  const stamp = path.join(dist, STAMP_NAME);
  const everything = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8') !== fingerprint : true;
  const wanted = only ? only.map((entry) => path.join(SRC, entry) + (entry.endsWith('.ts') ? '' : path.sep)) : undefined;
  let count = 0;
  for (const source of sources()) {
    if (wanted && !wanted.some((entry) => (entry.endsWith('.ts') ? source === entry : source.startsWith(entry)))) continue;
    const key = `${dist}:${source}`;
    if (fresh.has(key)) continue;
    if (everything || mtime(outputOf(source, dist)) < mtime(source)) {
      transpile(source, dist);
      fresh.add(key);
      count++;
    }
  }
  if (!only) {
    removeOrphans(dist);
    fs.mkdirSync(dist, { recursive: true });
    fs.writeFileSync(stamp, fingerprint);
  }
  return count;
}

module.exports = { buildDist };

if (require.main === module) {
  const started = performance.now();
  const count = buildDist(process.argv.length > 2 ? process.argv.slice(2) : undefined);
  process.stdout.write(`dist/: ${count} file(s) transpiled in ${Math.round(performance.now() - started)} ms\n`);
}
