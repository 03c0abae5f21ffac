'use strict';
/**
 * The four measured scenarios, each against its baseline in the same run: inline query vs. the
 * LLM server called directly; task status vs. a bare Redis-GET route; background end to end vs.
 * raw Bull no-op jobs. Each returns plain numbers for the report.
 */
const Bull = require('bull');
const { RAW_BULL_JOB_OPTIONS } = require('./bull-job-options');
const { ask, cpuMs, forkHelper, sleep, ROOT } = require('./processes');
const { cannon, jsonClient, paced, percentile, round, submitAll } = require('./load');
const path = require('node:path');

// The service's own name for the general-query queue (built by ensureBuilt before this is used).
const aiQueryQueue = () => require(path.join(ROOT, 'dist', 'tasks', 'queue-names.js')).QueueName.AiQuery;

const QUERY = { query: 'What is the normal range for HbA1c?' };

/**
 * Inline query against the LLM server called directly with the very body the service sends.
 * `paced`: 50 connections at a fixed offered rate, the same for both, latencies to the
 * microsecond: the overhead the service adds to a request (the target). `capacity`:
 * 50 connections in a closed loop (each sends again as soon as answered), which measures the
 * most the service answers per second; at that saturation latency is queueing (connections ÷
 * throughput), not per-request overhead. `c1`: one connection, one request at a time.
 */
async function inline({ api, llm, token, seconds, connections, rate }) {
  const auth = { authorization: `Bearer ${token}` };
  const service = { url: `${api.url}/api/ai/query/`, method: 'POST', headers: auth, body: QUERY };
  await cannon({ ...service, connections, seconds: 3 }); // warm-up (JIT, connection pools)
  const body = await ask(llm.child, 'lastBody');
  const direct = { url: `${llm.url}/chat/completions`, method: 'POST', body };
  await cannon({ ...direct, connections, seconds: 1 });
  const overhead = (d, s) => ({ overheadP50: round(s.p50 - d.p50), overheadP99: round(s.p99 - d.p99) });
  const pacedDirect = await paced({ ...direct, connections, rate, seconds });
  const pacedService = await paced({ ...service, connections, rate, seconds });
  const c1Seconds = Math.max(2, Math.round(seconds / 2));
  const c1Direct = await paced({ ...direct, connections: 1, rate: 100, seconds: c1Seconds });
  const c1Service = await paced({ ...service, connections: 1, rate: 100, seconds: c1Seconds });
  const capDirect = await cannon({ ...direct, connections, seconds });
  const capService = await cannon({ ...service, connections, seconds });
  return {
    paced: { connections, rate, direct: pacedDirect, service: pacedService, ...overhead(pacedDirect, pacedService) },
    c1: { connections: 1, rate: 100, direct: c1Direct, service: c1Service, ...overhead(c1Direct, c1Service) },
    capacity: { connections, direct: capDirect, service: capService, ...overhead(capDirect, capService) },
  };
}

/**
 * Status polling vs the bare Redis-GET route, in alternating rounds (bare, service, bare, …):
 * on a shared 2-core VM whose speed drifts within a minute, back-to-back pairs compare like with
 * like. Reports each round and the median ratio.
 */
async function status({ api, bare, token, seconds, connections, taskId, rounds = 3 }) {
  const svc = { url: `${api.url}/api/ai/task/${taskId}/status/`, headers: { authorization: `Bearer ${token}` } };
  const yard = { url: `${bare.url}/bare` };
  await cannon({ ...yard, connections, seconds: 2 });
  await cannon({ ...svc, connections, seconds: 3 });
  const pairs = [];
  for (let i = 0; i < rounds; i++) {
    const bareRun = await cannon({ ...yard, connections, seconds });
    const serviceRun = await cannon({ ...svc, connections, seconds });
    pairs.push({ bare: bareRun, service: serviceRun, ratio: round(serviceRun.rps / bareRun.rps) });
  }
  const median = [...pairs].sort((a, b) => a.ratio - b.ratio)[Math.floor(pairs.length / 2)];
  return { connections, rounds: pairs, bare: median.bare, service: median.service, ratio: median.ratio };
}

/** Submits one background task and waits for SUCCESS; returns its id. */
async function oneTask(api, token, redis, prefix) {
  const client = jsonClient(api.url, 1);
  const res = await client.request('POST', '/api/ai/query/', { ...QUERY, use_celery: true }, { authorization: `Bearer ${token}` });
  client.close();
  if (res.status !== 202) throw new Error(`submit answered ${res.status}: ${JSON.stringify(res.body)}`);
  const id = res.body.task_id;
  for (let i = 0; i < 200; i++) {
    if ((await redis.hget(`${prefix}:task:${id}`, 'status')) === 'SUCCESS') return id;
    await sleep(50);
  }
  throw new Error(`task ${id} did not succeed`);
}

/**
 * N tasks submitted over HTTP by `clients` concurrent clients, until every one is final. A task's
 * end is seen the way raw Bull's is, by an event rather than by polling (polling thousands of
 * open tasks every 100 ms cost the shared CPUs about 0.2 ms per task): Bull publishes each
 * finished job on the queue's `completed`/`failed` channel, and the job id is the task id. Every
 * task's record is then read once, and only a task not yet final there is polled until it is.
 */
async function background({ api, worker, llmPid, token, redis, prefix, tasks, clients, warmup = 0 }) {
  const headers = { authorization: `Bearer ${token}` };
  const run = { api, worker, llmPid, redis, channelPrefix: `${prefix}:bull:${aiQueryQueue()}`, submitPath: '/api/ai/query/', headers, clients };
  if (warmup > 0) await submitUntilEnded({ ...run, tasks: warmup });
  const ended = await submitUntilEnded({ ...run, tasks });
  const { accepted, started, cpu, latencies, rejected } = ended;
  let lastFinal = ended.lastEnded;
  const statuses = {};
  let open = accepted;
  while (open.length) {
    const pipe = redis.pipeline();
    for (const id of open) pipe.hget(`${prefix}:task:${id}`, 'status');
    const replies = await pipe.exec();
    const stillOpen = [];
    replies.forEach(([, s], j) => {
      if (s === 'SUCCESS' || s === 'FAILURE' || s === 'CANCELLED') statuses[s] = (statuses[s] ?? 0) + 1;
      else stillOpen.push(open[j]); // a failed attempt that will be retried
    });
    if (stillOpen.length) lastFinal = Date.now();
    if (Date.now() - started > 180000) throw new Error(`background: ${stillOpen.length} tasks still open after 180 s`);
    open = stillOpen;
    if (open.length) await sleep(100);
  }
  const seconds = (lastFinal - started) / 1000;
  return {
    tasks,
    clients,
    seconds: round(seconds),
    tasksPerSecond: Math.round(tasks / seconds),
    statuses,
    rejected,
    cpuMsPerTask: cpu.perTask(tasks),
    submitP50: percentile(latencies, 50),
    submitP99: percentile(latencies, 99),
    submitMax: percentile(latencies, 100),
  };
}

/**
 * The HTTP floor: the same client as `background` (HTTP, `clients` keep-alive connections, end
 * seen by Bull's `completed`/`failed` events) against a bare Fastify route that does one Bull
 * `add` and answers 202 (bench/http-floor-app.js), run by the floor's raw Bull worker (one
 * ChatOpenAI call per job, same concurrency). The least any HTTP-submitted service can cost.
 */
async function httpFloor({ redisUrl, redis, prefix, tasks, clients, concurrency, llmUrl, llmPid, warmup = 0 }) {
  const queueName = 'httpfloor-bench';
  const env = { REDIS_URL: redisUrl, BULL_PREFIX: `${prefix}:httpfloor`, BULL_QUEUE: queueName, BULL_JOB: 'llm', WORKER_CONCURRENCY: String(concurrency), OPENAI_BASE_URL: llmUrl, PORT: '0' };
  const worker = await forkHelper(path.join(__dirname, 'bull-baseline-worker.js'), env);
  const api = await forkHelper(path.join(__dirname, '..', 'http-floor-app.js'), env);
  try {
    const submit = { api, worker, llmPid, redis, channelPrefix: `${env.BULL_PREFIX}:${queueName}`, submitPath: '/submit', headers: {}, clients };
    if (warmup > 0) await submitUntilEnded({ ...submit, tasks: warmup });
    const run = await submitUntilEnded({ ...submit, tasks });
    const seconds = (run.lastEnded - run.started) / 1000;
    return {
      tasks,
      clients,
      concurrency,
      seconds: round(seconds),
      tasksPerSecond: Math.round(tasks / seconds),
      rejected: run.rejected,
      cpuMsPerTask: run.cpu.perTask(tasks),
      submitP50: percentile(run.latencies, 50),
      submitP99: percentile(run.latencies, 99),
    };
  } finally {
    await api.stop();
    await worker.stop();
    const queue = new Bull(queueName, redisUrl, { prefix: env.BULL_PREFIX });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

/**
 * `tasks` submits over HTTP from `clients` concurrent keep-alive clients, until Bull has published
 * every accepted job on the queue's `completed`/`failed` channel (the job id is the task id). CPU
 * of the API, the worker, the fake LLM and this process is metered from the first submit to the
 * last event.
 */
async function submitUntilEnded({ api, worker, llmPid, redis, channelPrefix, submitPath, headers, tasks, clients }) {
  const client = jsonClient(api.url, clients);
  const channels = ['completed', 'failed'].map((e) => `${channelPrefix}:${e}`);
  const subscriber = redis.duplicate();
  const ended = new Map();
  subscriber.on('message', (_channel, message) => ended.set(JSON.parse(message).jobId, Date.now()));
  await subscriber.subscribe(...channels);
  const latencies = [];
  const accepted = [];
  let rejected = 0;
  const cpu = cpuMeter({ api: api.pid, worker: worker.pid, ...(llmPid ? { llm: llmPid } : {}) });
  const started = Date.now();
  try {
    const onAnswer = (res) => {
      latencies.push(res.ms);
      if (res.status === 202) accepted.push(res.body.task_id);
      else rejected++;
    };
    await submitAll({ client, clients, tasks, path: submitPath, label: 'Background bench task', headers, onAnswer });
    while (accepted.some((id) => !ended.has(id))) {
      if (Date.now() - started > 180000) throw new Error(`background: tasks still open after 180 s`);
      await sleep(20);
    }
    cpu.stop();
  } finally {
    client.close();
    await subscriber.quit();
  }
  if (!accepted.length) throw new Error(`background: no task was accepted (${rejected} submits refused)`);
  return { accepted, started, lastEnded: Math.max(...accepted.map((id) => ended.get(id))), cpu, latencies, rejected };
}

/**
 * Submit alone: the API in a process of its own with no worker running (the jobs wait in their
 * queue), `clients` keep-alive connections posting plain background submits. What the API spends
 * per submit, without the worker, the fake LLM and Redis's replies to them competing for the same
 * cores: steadier than the background case's API figure, which moves with everything else. A
 * warm-up pass, then `passes` measured passes of `tasks` submits each.
 */
async function submitOnly({ api, token, tasks, clients, warmup = 0, passes = 3 }) {
  const client = jsonClient(api.url, clients);
  const headers = { authorization: `Bearer ${token}` };
  const shoot = async (n) => {
    let rejected = 0;
    await submitAll({ client, clients, tasks: n, label: 'Background bench task', headers, onAnswer: (res) => res.status !== 202 && rejected++ });
    return rejected;
  };
  const runs = [];
  try {
    if (warmup > 0) await shoot(warmup);
    for (let pass = 0; pass < passes; pass++) {
      const cpu = cpuMeter({ api: api.pid });
      const started = performance.now();
      const rejected = await shoot(tasks);
      cpu.stop();
      runs.push({ submitsPerSecond: Math.round(tasks / ((performance.now() - started) / 1000)), apiCpuMsPerSubmit: cpu.perTask(tasks).api, rejected });
    }
  } finally {
    client.close();
  }
  return { tasks, clients, passes: runs };
}

/**
 * Raw Bull: the same number of jobs, same concurrency and job options, worker in its own process.
 * `job: 'noop'` is the baseline; `job: 'llm'` makes one ChatOpenAI call per job (the floor
 * of any Bull service whose task is one LLM call; it needs `llmUrl`).
 */
async function rawBull({ redisUrl, prefix, tasks, clients, concurrency, job = 'noop', llmUrl, llmPid, warmup = 0 }) {
  const queueName = `${job}-bench`;
  const env = { REDIS_URL: redisUrl, BULL_PREFIX: `${prefix}:rawbull`, BULL_QUEUE: queueName, BULL_JOB: job, WORKER_CONCURRENCY: String(concurrency), OPENAI_BASE_URL: llmUrl ?? '' };
  const worker = await forkHelper(path.join(__dirname, 'bull-baseline-worker.js'), env);
  const queue = new Bull(queueName, redisUrl, {
    prefix: env.BULL_PREFIX,
    defaultJobOptions: RAW_BULL_JOB_OPTIONS,
  });
  await queue.isReady();
  let added = 0;
  // Adds `count` jobs from `clients` concurrent adders and resolves when the worker has completed them.
  const addAll = async (count) => {
    const done = new Promise((resolve) => {
      const onMessage = (m) => {
        if (m && m.reply === 'done') {
          worker.child.off('message', onMessage);
          resolve(m.value);
        }
      };
      worker.child.on('message', onMessage);
    });
    worker.child.send({ type: 'expect', count });
    const last = added + count;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (added < last) {
          added++;
          await queue.add(job, { n: added, query: `Background bench task ${added}` });
        }
      }),
    );
    return done;
  };
  try {
    if (warmup > 0) await addAll(warmup);
    const cpu = cpuMeter({ worker: worker.pid, ...(llmPid ? { llm: llmPid } : {}) });
    const started = Date.now();
    const { at } = await addAll(tasks);
    cpu.stop();
    const seconds = (at - started) / 1000;
    return { job, tasks, clients, concurrency, seconds: round(seconds), tasksPerSecond: Math.round(tasks / seconds), cpuMsPerTask: cpu.perTask(tasks) };
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await worker.stop();
  }
}

/**
 * CPU used per task by the given processes, and by this one (`client`: the submitting side: HTTP
 * clients for the service, Bull's add for raw Bull), between creation and stop().
 */
function cpuMeter(pids) {
  const start = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const self = process.cpuUsage();
  let used;
  return {
    stop() {
      const own = process.cpuUsage(self);
      used = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid) - start[name]]));
      used.client = (own.user + own.system) / 1000;
    },
    perTask: (tasks) => Object.fromEntries(Object.entries(used).map(([name, ms]) => [name, Math.round((ms / tasks) * 1000) / 1000])),
  };
}

module.exports = { inline, status, background, submitOnly, httpFloor, rawBull, oneTask };
