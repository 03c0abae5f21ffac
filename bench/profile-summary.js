'use strict';
/**
 * Summarises a V8 .cpuprofile (from `BENCH_PROFILE=1 npm run bench`): the share of samples by
 * function (self time, file:line) and by package or source folder, so a hot spot is named
 * precisely. Usage: node bench/profile-summary.js <file.cpuprofile> [top=25] [skipMs=0]
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function where(frame) {
  const url = frame.url.replace('file://', '');
  if (!url) return frame.functionName ? '(native)' : '(vm)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node:internal';
  const rel = path.relative(ROOT, url);
  return rel.startsWith('..') ? url : rel.split('/').slice(0, 3).join('/');
}

function summarise(file, top = 25, skipMs = 0) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Skip the first `skipMs` (start-up) so that a profile of a short load is not about require().
  const self = new Map();
  let t = 0;
  let total = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] / 1000;
    if (t < skipMs) return;
    total++;
    self.set(id, (self.get(id) ?? 0) + 1);
  });
  const idle = new Set(profile.nodes.filter((n) => ['(idle)', '(program)', '(garbage collector)'].includes(n.callFrame.functionName)).map((n) => n.id));
  const fn = new Map();
  const pkg = new Map();
  let busy = 0;
  for (const [id, count] of self) {
    const { callFrame: f } = byId.get(id);
    if (idle.has(id)) {
      fn.set(f.functionName, (fn.get(f.functionName) ?? 0) + count);
      if (f.functionName !== '(idle)') busy += count;
      continue;
    }
    busy += count;
    const rel = f.url ? path.relative(ROOT, f.url.replace('file://', '')) : '';
    const key = `${f.functionName || '(anonymous)'} ${rel}:${f.lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + count);
    const p = where(f);
    pkg.set(p, (pkg.get(p) ?? 0) + count);
  }
  const lines = [`${path.basename(file)}: ${total} samples, ${Math.round((busy / total) * 100)}% busy (shares below are of busy samples)`];
  const show = (title, map) => {
    lines.push(`\n${title}`);
    [...map.entries()]
      .filter(([k]) => k !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .forEach(([k, v]) => lines.push(`${((v / busy) * 100).toFixed(1).padStart(5)}%  ${k}`));
  };
  // Inclusive: a sample counts once for every package (and dist/ function) on its stack.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incPkg = new Map();
  const incFn = new Map();
  for (const [id, count] of self) {
    if (idle.has(id)) continue;
    const seenP = new Set();
    const seenF = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur).callFrame;
      seenP.add(where(f));
      if (f.url.includes('/dist/')) seenF.add(`${f.functionName || '(anonymous)'} ${path.relative(ROOT, f.url.replace('file://', ''))}:${f.lineNumber + 1}`);
    }
    for (const k of seenP) incPkg.set(k, (incPkg.get(k) ?? 0) + count);
    for (const k of seenF) incFn.set(k, (incFn.get(k) ?? 0) + count);
  }
  show('By package / folder (self time)', pkg);
  show('By package / folder (inclusive)', incPkg);
  show('Our code by function (inclusive)', incFn);
  show('By function (self time)', fn);
  return lines.join('\n');
}

if (require.main === module) {
  const [file, top, skip] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node bench/profile-summary.js <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  process.stdout.write(`${summarise(file, Number(top || 25), Number(skip || 0))}\n`);
}

module.exports = { summarise };
