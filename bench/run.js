'use strict';
/**
 * `npm run bench`: what the service adds over what it stands on, measured in one run on this
 * machine. It starts everything itself under a fresh Redis key prefix (the fake LLM, the API and
 * the worker as separate `node dist/main.js` processes, the bare Redis-GET app, a raw Bull
 * worker), runs the scenarios back to back, prints a table, writes bench/results/<date>.json and
 * checks the issue's targets. Besides raw Bull's no-op jobs (the issue's baseline) it measures a
 * floor: raw Bull whose job is one ChatOpenAI call, the least any Bull service answering a task
 * with one LLM call could cost, so that the background figure splits into what the LLM call costs
 * and what the service adds; and an HTTP floor, the same with the submit over HTTP to a bare
 * Fastify route, which splits what the service adds into the HTTP hop itself and the rest.
 *
 * MCP is pointed at a dead port on purpose: the agent then answers without tools, so an inline
 * query is exactly one LLM round trip and the direct call is a like-for-like baseline.
 *
 * Environment: REDIS_URL (default redis://127.0.0.1:6379/0), BENCH_SECONDS (10), BENCH_TASKS
 * (3000), BENCH_CLIENTS (50), BENCH_WARMUP_TASKS (100: tasks each background-style case runs, unmeasured,
 * before its measured run, so that one-off work such as the worker's first load of the
 * de-identifier's NLP model is not counted per task; 0 for none), WORKER_CONCURRENCY (8), BENCH_INLINE_RATE (100 req/s offered in the
 * paced inline run), BENCH_PROFILE=1 (CPU profiles of the API and the worker into bench/results/profiles/; summarise with `node bench/profile-summary.js`),
 * BENCH_CASES (comma list of inline, status, background, submit, floor, httpfloor, memory; all but submit by default;
 * `floor` runs both raw Bull baselines, `httpfloor` a bare Fastify route doing one Bull add in
 * front of the floor's worker, fed by the background case's HTTP client; `submit` the API alone, no worker, its CPU per submit), BENCH_MEMORY_TASKS (1000: tasks of the memory case, which runs
 * its own API, worker and redis-server).
 */
const fs = require('node:fs');
const path = require('node:path');
const { randomBytes, randomUUID } = require('node:crypto');
const Redis = require('ioredis');
const jwt = require('jsonwebtoken');
const { ensureBuilt, forkHelper, freePort, rssMb, rssSampler, sleep, startService, ROOT } = require('./lib/processes');
const scenarios = require('./lib/scenarios');
const { memory } = require('./lib/memory');
const { render, verdicts } = require('./lib/report');

// The API and the worker are separate processes: they share these run-only secrets.
const JWT_SECRET = randomBytes(32).toString('base64url');
const PHI_ENCRYPTION_KEY = randomBytes(32).toString('base64');
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379/0';
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const TASKS = Number(process.env.BENCH_TASKS || 3000);
const CLIENTS = Number(process.env.BENCH_CLIENTS || 50);
const CONCURRENCY = Number(process.env.WORKER_CONCURRENCY || 8);
const INLINE_RATE = Number(process.env.BENCH_INLINE_RATE || 100);
const MEMORY_TASKS = Number(process.env.BENCH_MEMORY_TASKS || 1000);
const WARMUP = Number(process.env.BENCH_WARMUP_TASKS ?? 100);
const CASES = new Set((process.env.BENCH_CASES || 'inline,status,background,floor,httpfloor,memory').split(',').map((c) => c.trim()));

async function main() {
  await ensureBuilt(process.argv.includes('--build'));
  const prefix = `bench${randomUUID().replace(/-/g, '').slice(0, 8)}`;
  const date = new Date().toISOString().slice(0, 10);
  const profileDir = process.env.BENCH_PROFILE ? path.join(__dirname, 'results', 'profiles', date) : undefined;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const redis = new Redis(REDIS_URL);
  const stops = [];
  try {
    const log = (m) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);
    const llm = await forkHelper(path.join(__dirname, 'lib', 'fake-llm-child.js'));
    stops.push(llm.stop);
    const env = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      JWT_SECRET,
      PHI_ENCRYPTION_KEY,
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      OPENAI_API_KEY: 'bench-key',
      OPENAI_BASE_URL: llm.url,
      OPENAI_MODEL: 'gpt-4o-mini',
      MCP_SERVER_URL: `http://127.0.0.1:${await freePort()}`,
      WORKER_CONCURRENCY: String(CONCURRENCY),
      RATE_LIMIT_INLINE_PER_MINUTE: '100000000',
      RATE_LIMIT_SUBMIT_PER_MINUTE: '100000000',
    };
    const token = jwt.sign({ sub: 'bench-user', roles: ['clinician'] }, JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' });
    const results = {
      date: new Date().toISOString(),
      machine: { cpus: require('node:os').cpus().length, node: process.version },
      settings: { seconds: SECONDS, tasks: TASKS, clients: CLIENTS, warmupTasks: WARMUP, workerConcurrency: CONCURRENCY, inlineRate: INLINE_RATE, cases: [...CASES], mcp: 'down (dead port): the agent answers without tools' },
    };
    if (CASES.has('inline') || CASES.has('status') || CASES.has('background')) {
      const [api, worker] = await Promise.all([
        startService({ role: 'api', port: await freePort(), env, profileDir }),
        startService({ role: 'worker', port: await freePort(), env, profileDir }),
      ]);
      stops.push(api.stop, worker.stop);
      await sleep(2000);
      results.rss = { idle: { api: rssMb(api.pid), worker: rssMb(worker.pid) } };
      const loadBefore = require('node:os').loadavg()[0];
      if (loadBefore > 1.5) log(`warning: load average ${loadBefore.toFixed(2)} before the run: other processes share the CPUs and will lower the figures`);
      const sampler = rssSampler({ api: api.pid, worker: worker.pid });

      if (CASES.has('inline')) {
        log(`inline: direct LLM vs POST /api/ai/query/ (50 connections at ${INLINE_RATE} req/s, 1 connection, then 50 in a closed loop)`);
        results.inline = await scenarios.inline({ api, llm, token, seconds: SECONDS, connections: 50, rate: INLINE_RATE });
      }
      if (CASES.has('status')) {
        log('status: bare Redis GET vs GET /api/ai/task/{id}/status/ (100 connections, 5 alternating rounds)');
        const bareKey = `${prefix}:bare`;
        const bare = await forkHelper(path.join(__dirname, 'bare-redis-app.js'), { REDIS_URL, BARE_KEY: bareKey, PORT: '0' });
        stops.push(bare.stop);
        const taskId = await scenarios.oneTask(api, token, redis, prefix);
        const record = await redis.hgetall(`${prefix}:task:${taskId}`);
        await redis.set(bareKey, JSON.stringify(record), 'EX', 3600);
        results.status = await scenarios.status({ api, bare, token, seconds: Math.max(3, Math.round(SECONDS / 2)), connections: 100, taskId, rounds: 5 });
        await bare.stop();
      }
      if (CASES.has('background')) {
        log(`background: ${TASKS} tasks from ${CLIENTS} clients`);
        results.background = await scenarios.background({ api, worker, llmPid: llm.pid, token, redis, prefix, tasks: TASKS, clients: CLIENTS, warmup: WARMUP });
      }
      sampler.stop();
      results.rss.peak = sampler.peak;
    }
    if (CASES.has('submit')) {
      log(`submit: the API alone (no worker), ${TASKS} plain background submits from ${CLIENTS} clients, 3 passes after a warm-up of as many`);
      const api = await startService({ role: 'api', port: await freePort(), env, profileDir });
      try {
        results.submitOnly = await scenarios.submitOnly({ api, token, tasks: TASKS, clients: CLIENTS, warmup: Math.max(WARMUP, TASKS) });
      } finally {
        await api.stop();
      }
    }
    if (CASES.has('floor')) {
      log(`raw Bull no-op jobs with concurrency ${CONCURRENCY}`);
      results.rawBull = await scenarios.rawBull({ redisUrl: REDIS_URL, prefix, tasks: TASKS, clients: CLIENTS, concurrency: CONCURRENCY, warmup: WARMUP });
      log('floor: raw Bull with one ChatOpenAI call per job (no HTTP, no task record)');
      results.bullLlmFloor = await scenarios.rawBull({ redisUrl: REDIS_URL, prefix, tasks: TASKS, clients: CLIENTS, concurrency: CONCURRENCY, job: 'llm', llmUrl: llm.url, llmPid: llm.pid, warmup: WARMUP });
      results.floorRatio = ratio(results.bullLlmFloor.tasksPerSecond, results.rawBull.tasksPerSecond);
    }
    if (CASES.has('httpfloor')) {
      log('HTTP floor: bare Fastify route doing one Bull add, raw Bull worker with one ChatOpenAI call per job');
      results.httpFloor = await scenarios.httpFloor({ redisUrl: REDIS_URL, redis, prefix, tasks: TASKS, clients: CLIENTS, concurrency: CONCURRENCY, llmUrl: llm.url, llmPid: llm.pid, warmup: WARMUP });
      if (results.bullLlmFloor) results.httpFloorVsFloor = ratio(results.httpFloor.tasksPerSecond, results.bullLlmFloor.tasksPerSecond);
      if (results.background) results.backgroundVsHttpFloor = ratio(results.background.tasksPerSecond, results.httpFloor.tasksPerSecond);
    }
    if (results.background && results.rawBull) {
      results.backgroundRatio = ratio(results.background.tasksPerSecond, results.rawBull.tasksPerSecond);
      results.backgroundVsFloor = ratio(results.background.tasksPerSecond, results.bullLlmFloor.tasksPerSecond);
    }
    if (CASES.has('memory')) {
      log(`memory: ${MEMORY_TASKS} finished short-query tasks on a private redis-server`);
      results.memory = await memory({ env, token, tasks: MEMORY_TASKS, log });
    }
    results.machine.loadAverageAtEnd = require('node:os').loadavg().map((x) => Math.round(x * 100) / 100);
    results.verdicts = verdicts(results);
    process.stdout.write(`\n${render(results)}\n`);
    const file = path.join(__dirname, 'results', `${date}${CASES.size < 6 ? `-${[...CASES].join('-')}` : ''}.json`);
    fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`\nWritten ${path.relative(ROOT, file)}${profileDir ? `; profiles in ${path.relative(ROOT, profileDir)}` : ''}\n`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await deleteKeys(redis, prefix).catch(() => undefined);
    redis.disconnect();
  }
}

const ratio = (a, b) => Math.round((a / b) * 100) / 100;

async function deleteKeys(redis, prefix) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack || error}\n`);
  process.exitCode = 1;
});
