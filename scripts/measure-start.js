#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:start`: how long `npm start` takes, as a new user sees it. Clones this checkout's
 * HEAD into a temp directory (node_modules symlinked to this one's: the time of `npm ci` is not
 * counted, and nothing is installed at `npm ci` time for the quick start), then times:
 * - first starts: no dist/, no .medcor/ (each first run starts from a fresh clone state);
 * - later starts: dist/ and the stored demo database kept;
 * each from launching `node scripts/quickstart.js` until GET /api/ai/health/ says
 * `mcp_available: true`. After each start it runs a few SQL tools calls on the tools server
 * (MCP over HTTP, over the 10,000-patient reporting views) and reads the tools server's RSS.
 *
 * Writes bench/results/start-<date>.json and fails (exit 1) when the median first or later start,
 * in wall time or in CPU seconds of its process tree, is more than twice the reference in
 * bench/start-reference.json (the README's figures), or the tools server's RSS passes its limit
 * there. The machine is shared: runs are repeated (MEASURE_START_RUNS, default 3 of each) and the
 * median is compared; the CPU seconds are what others' load inflates least.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort, rssMb, sleep } = require('../bench/lib/processes');

const ROOT = path.resolve(__dirname, '..');
const REFERENCE = path.join(ROOT, 'bench', 'start-reference.json');
const RUNS = Number(process.env.MEASURE_START_RUNS || 3);
const TIMEOUT_MS = 180_000;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const round = (x, digits = 2) => Number(x.toFixed(digits));

function procStat(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * CPU seconds used so far by `root` and every process under it (finished children included,
 * once reaped): a figure the other engineers' load inflates far less than the wall time.
 */
function treeCpuSeconds(root) {
  const parents = new Map();
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      parents.set(Number(pid), Number(procStat(pid)[1]));
    } catch {
      // ended meanwhile
    }
  }
  let ticks = 0;
  for (const pid of parents.keys()) {
    let p = pid;
    while (p > 1 && p !== root) p = parents.get(p) ?? 0;
    if (p !== root) continue;
    try {
      const f = procStat(pid);
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      // ended meanwhile
    }
  }
  return round(ticks / 100);
}

/** The pid of the quick start's child running `file` (e.g. dist/mcp-server/main.js). */
function childPid(parent, file) {
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parent) continue;
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(file)) return Number(pid);
    } catch {
      // the process ended meanwhile
    }
  }
  throw new Error(`no child of ${parent} runs ${file}`);
}

async function sqlWorkload(mcpUrl) {
  const { Client } = require(path.join(ROOT, 'node_modules/@modelcontextprotocol/sdk/dist/cjs/client/index.js'));
  const { StreamableHTTPClientTransport } = require(path.join(ROOT, 'node_modules/@modelcontextprotocol/sdk/dist/cjs/client/streamableHttp.js'));
  const client = new Client({ name: 'measure-start', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl)));
  const queries = [
    'SELECT count(*) AS patients FROM patients',
    'SELECT e.type, count(*), avg(l.value) FROM encounters e JOIN lab_results l ON l.encounter_key = e.encounter_key GROUP BY e.type',
    'SELECT * FROM lab_results ORDER BY collected_year DESC, value DESC LIMIT 500',
  ];
  let patients;
  try {
    for (const sql of queries) {
      const result = await client.callTool({ name: 'sql_query', arguments: { sql } });
      if (result.isError) throw new Error(`sql_query failed: ${JSON.stringify(result.content).slice(0, 300)}`);
      if (patients === undefined) patients = Number(result.structuredContent?.rows?.[0]?.[0]);
    }
  } finally {
    await client.close();
  }
  return patients;
}

/** One `node scripts/quickstart.js` in `dir`: seconds to MCP available, RSS, then stops it. */
async function start(dir, label) {
  const [port, mcpPort] = [await freePort(), await freePort()];
  const prefix = `mstart${process.pid}`;
  const env = { ...process.env, PORT: String(port), MCP_PORT: String(mcpPort), REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'warn' };
  for (const name of ['OPENAI_API_KEY', 'DATABASE_URL', 'DATABASES', 'PGLITE_DATA_DIR', 'DEMO_PATIENTS', 'NODE_OPTIONS', 'MCP_SERVER_URL']) delete env[name];
  let output = '';
  const began = performance.now();
  const child = spawn(process.execPath, ['scripts/quickstart.js'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => (output = (output + d).slice(-8000)));
  child.stderr.on('data', (d) => (output = (output + d).slice(-8000)));
  try {
    let seconds;
    while (seconds === undefined) {
      if (child.exitCode !== null) throw new Error(`quickstart exited with ${child.exitCode}:\n${output}`);
      if (performance.now() - began > TIMEOUT_MS) throw new Error(`no healthy service with MCP within ${TIMEOUT_MS / 1000} s:\n${output}`);
      const health = await fetch(`http://127.0.0.1:${port}/api/ai/health/`, { signal: AbortSignal.timeout(1000) })
        .then((r) => r.json())
        .catch(() => undefined);
      if (health?.mcp_available === true) seconds = (performance.now() - began) / 1000;
      else await sleep(50);
    }
    const cpuSeconds = treeCpuSeconds(child.pid);
    const tools = childPid(child.pid, 'dist/mcp-server/main.js');
    const rssReady = rssMb(tools);
    const patients = await sqlWorkload(`http://127.0.0.1:${mcpPort}/mcp`);
    const rssAfterQueries = rssMb(tools);
    const run = { label, seconds: round(seconds), cpuSeconds, toolsRssMb: { ready: rssReady, afterQueries: rssAfterQueries }, patients };
    process.stdout.write(
      `${label}: ${run.seconds} s to MCP available (${cpuSeconds} s of CPU); tools server RSS ${rssReady} MB, ${rssAfterQueries} MB after SQL; ${patients} patients\n`,
    );
    return run;
  } finally {
    child.kill('SIGINT');
    const deadline = Date.now() + 15_000;
    while (child.exitCode === null && Date.now() < deadline) await sleep(100);
    if (child.exitCode === null) child.kill('SIGKILL');
    await cleanRedis(prefix);
  }
}

async function cleanRedis(prefix) {
  const Redis = require(path.join(ROOT, 'node_modules/ioredis'));
  const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379/0', { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function freshClone() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcor-start-'));
  execFileSync('git', ['clone', '--quiet', ROOT, dir]);
  fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(dir, 'node_modules'));
  return dir;
}

async function main() {
  const reference = JSON.parse(fs.readFileSync(REFERENCE, 'utf8'));
  const dir = freshClone();
  const runs = { first: [], later: [] };
  try {
    for (let i = 1; i <= RUNS; i++) {
      // A fresh clone's state: no build, no secrets, no demo database.
      fs.rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
      fs.rmSync(path.join(dir, '.medcor'), { recursive: true, force: true });
      runs.first.push(await start(dir, `first start ${i}/${RUNS}`));
      runs.later.push(await start(dir, `later start ${i}/${RUNS}`));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const all = [...runs.first, ...runs.later];
  const figures = {
    date: new Date().toISOString(),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim(),
    cpus: os.cpus().length,
    loadavg: os.loadavg().map((x) => round(x)),
    firstStartSeconds: { median: median(runs.first.map((r) => r.seconds)), runs: runs.first.map((r) => r.seconds) },
    laterStartSeconds: { median: median(runs.later.map((r) => r.seconds)), runs: runs.later.map((r) => r.seconds) },
    firstStartCpuSeconds: { median: median(runs.first.map((r) => r.cpuSeconds)), runs: runs.first.map((r) => r.cpuSeconds) },
    laterStartCpuSeconds: { median: median(runs.later.map((r) => r.cpuSeconds)), runs: runs.later.map((r) => r.cpuSeconds) },
    toolsRssMb: { max: Math.max(...all.flatMap((r) => [r.toolsRssMb.ready, r.toolsRssMb.afterQueries])), runs: all.map((r) => r.toolsRssMb) },
    patients: [...new Set(all.map((r) => r.patients))],
  };
  const out = path.join(ROOT, 'bench', 'results', `start-${figures.date.slice(0, 10)}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\nwritten to ${path.relative(ROOT, out)}\n`);

  const failures = [];
  for (const key of ['firstStartSeconds', 'laterStartSeconds', 'firstStartCpuSeconds', 'laterStartCpuSeconds']) {
    if (figures[key].median > 2 * reference[key]) failures.push(`${key} ${figures[key].median} s is over twice the reference ${reference[key]} s`);
  }
  if (figures.toolsRssMb.max > reference.toolsRssLimitMb) {
    failures.push(`tools server RSS ${figures.toolsRssMb.max} MB is over ${reference.toolsRssLimitMb} MB`);
  }
  if (figures.patients.length !== 1 || figures.patients[0] !== reference.patients) {
    failures.push(`the demo database holds ${figures.patients.join(', ')} patients, not ${reference.patients}`);
  }
  for (const failure of failures) process.stderr.write(`REGRESSION: ${failure}\n`);
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exitCode = 1;
});
