'use strict';
/**
 * `node bench/deid.js`: the de-identifier's CPU cost, outside Jest, where the recall spec's figure
 * is only printed. It compiles src/shared/deid alone (tsc, CommonJS, into a temporary directory),
 * then measures with process.cpuUsage:
 *   - free text: 2,000-character notes (the development part's notes joined and cut), p50/p95;
 *   - the medical path: one task = a patient record + one such note, keyed by the patient;
 *   - hostile inputs: each shape of test/fixtures/deid/hostile-inputs.ts (50,000 characters, the
 *     service's cap), once, flagged when over HOSTILE_TARGET_MS of CPU.
 * The issue's target is p95 < 20 ms per 2,000-character note; RECALL.md records the figures.
 * Environment: DEID_BENCH_PASSES (20); DEID_BENCH_HOSTILE=0 skips the hostile inputs.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PASSES = Number(process.env.DEID_BENCH_PASSES || 20);
// A 50,000-character hostile input should cost of the order of a normal note per 2,000 characters.
const HOSTILE_TARGET_MS = 250;

function compile() {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'medcor-deid-'));
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  const args = ['--outDir', out, '--rootDir', ROOT, '--module', 'commonjs', '--target', 'es2022', '--lib', 'es2024', '--esModuleInterop', '--skipLibCheck', '--types', 'node'];
  execFileSync(tsc, [...args, path.join(ROOT, 'src/shared/deid/index.ts'), path.join(ROOT, 'test/fixtures/deid/deid-scoring.ts'), path.join(ROOT, 'test/fixtures/deid/hostile-inputs.ts')], { stdio: 'inherit' });
  // The compiled files resolve packages (compromise) from the repository.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(out, 'node_modules'), 'dir');
  return out;
}

const record = () => ({
  patient: { id: 48213, mrn: 'MRN00917735', first_name: 'Rosalind', last_name: 'Achterberg', date_of_birth: '1951-07-14', sex: 'F', phone: '(555) 301-2244', email: 'r.achterberg@example.org', address: '17 Kestrel Court', city: 'Bridgeport', state: 'CT', zip: '06604', ssn: '078-05-1120' },
  problems: [{ id: 1, patient_id: 48213, name: "Parkinson's disease", onset_date: '2019-03-02' }],
  medications: [{ id: 7, name: 'Carbidopa-levodopa 25/100 mg', started_at: '2019-03-10T09:00:00Z', prescriber: 'Dr. Priya Raman' }],
  labs: [{ id: 3, name: 'HbA1c', value: 7.9, unit: '%', taken_at: '2024-01-05T08:15:00Z', comment: 'Drawn by Rosalind at home, called 555-301-2244.' }],
});

function measure(fn, inputs) {
  inputs.forEach(fn);
  const cpu = [];
  for (let p = 0; p < PASSES; p++) {
    for (const t of inputs) {
      const c0 = process.cpuUsage();
      fn(t);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
  }
  cpu.sort((a, b) => a - b);
  const at = (q) => cpu[Math.min(cpu.length - 1, Math.ceil(q * cpu.length) - 1)];
  return { n: cpu.length, mean: cpu.reduce((a, b) => a + b, 0) / cpu.length, p50: at(0.5), p95: at(0.95) };
}

/** CPU ms of one deidentify() per hostile shape; prints each and returns how many are over the target. */
function hostile(deidentify, shapes) {
  let over = 0;
  for (const [name, text] of shapes) {
    const c0 = process.cpuUsage();
    deidentify({ text }, { dateShiftDays: 45 });
    const c = process.cpuUsage(c0);
    const ms = (c.user + c.system) / 1000;
    if (ms >= HOSTILE_TARGET_MS) over++;
    console.log(`  ${ms.toFixed(1).padStart(8)} ms${ms >= HOSTILE_TARGET_MS ? ' OVER' : '     '}  ${name}`);
  }
  return over;
}

function main() {
  const dir = compile();
  try {
    const { deidentify } = require(path.join(dir, 'src/shared/deid/index.js'));
    const { longNotes } = require(path.join(dir, 'test/fixtures/deid/deid-scoring.js'));
    const notes = longNotes(JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/deid/heldout.json'), 'utf8')).notes);
    const text = measure((t) => deidentify({ text: t }, { dateShiftDays: 45 }), notes);
    const task = measure((t) => deidentify({ text: t, record: record() }, { key: 'bench', subject: 'patient:48213' }), notes);
    const fmt = (r) => `n ${r.n}, mean ${r.mean.toFixed(2)} ms, p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms`;
    console.log(`free text, 2,000-character notes (CPU): ${fmt(text)}`);
    console.log(`medical path, record + note per task (CPU): ${fmt(task)}`);
    console.log(`target p95 < 20 ms per note: ${text.p95 < 20 ? 'met' : 'NOT met'} (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`);
    // A 5 kB note of the legacy notes against one bare compromise pass over it, best of 7 interleaved (the ratio
    // was a timed test in deidentify.spec.ts until it failed under the suite's own load).
    const compromise = require(path.join(ROOT, 'node_modules', 'compromise'));
    const nlp = compromise.default ?? compromise;
    const legacy = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/deid/notes.json'), 'utf8')).notes;
    let five = '';
    for (let i = 0; five.length < 5000; i++) five += `${legacy[i % legacy.length].text}\n`;
    deidentify({ text: five });
    nlp(five);
    const best = { sut: Infinity, nlp: Infinity };
    for (let i = 0; i < 7; i++) {
      let c0 = process.cpuUsage();
      deidentify({ text: five });
      let c = process.cpuUsage(c0);
      best.sut = Math.min(best.sut, (c.user + c.system) / 1000);
      c0 = process.cpuUsage();
      nlp(five);
      c = process.cpuUsage(c0);
      best.nlp = Math.min(best.nlp, (c.user + c.system) / 1000);
    }
    console.log(`5 kB note (CPU, best of 7): deidentify ${best.sut.toFixed(1)} ms, one bare compromise pass ${best.nlp.toFixed(1)} ms: ${best.sut < best.nlp ? 'faster' : 'NOT faster'}`);
    let over = 0;
    if (process.env.DEID_BENCH_HOSTILE !== '0') {
      const { hostileInputs, HOSTILE_INPUT_LENGTH } = require(path.join(dir, 'test/fixtures/deid/hostile-inputs.js'));
      const shapes = hostileInputs();
      console.log(`hostile inputs, ${HOSTILE_INPUT_LENGTH.toLocaleString('en-GB')} characters each (CPU per deidentify()):`);
      over = hostile(deidentify, shapes);
      console.log(`hostile target < ${HOSTILE_TARGET_MS} ms each: ${over === 0 ? 'met' : `NOT met (${over} of ${shapes.length} over)`} (load average ${os.loadavg()[0].toFixed(1)})`);
    }
    process.exitCode = text.p95 < 20 && over === 0 ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
