'use strict';
/**
 * Redis memory per retained finished task, and Redis commands per task, on a private
 * redis-server (nothing else writes to it, so `used_memory` and INFO commandstats are ours
 * alone): an API and a worker against it, N background short queries submitted over HTTP, every
 * one waited for until final, then the memory delta measured twice: at once (the finished
 * tasks' event streams still live for their grace) and after the grace. MEMORY USAGE (exact,
 * SAMPLES 0) per key type says where the bytes are.
 */
const { spawn } = require('node:child_process');
const Redis = require('ioredis');
const { freePort, sleep, startService } = require('./processes');
const { jsonClient, round, submitAll } = require('./load');

const FINAL = new Set(['SUCCESS', 'FAILURE', 'CANCELLED']);
/** The task store's stream grace (EVENTS_GRACE_SECONDS) plus a margin for Redis' expiry cycle. */
const GRACE_MS = 12_000;

async function startRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const redis = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  for (let i = 0; i < 100; i++) {
    if (await redis.connect().then(() => true, () => false)) break;
    await sleep(50);
  }
  await redis.ping();
  const stop = async () => {
    redis.disconnect();
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  };
  return { url: `redis://127.0.0.1:${port}/0`, redis, stop };
}

/** used_memory, and the part of it that is connections' buffers (not task data). */
async function usedMemory(redis) {
  const stats = await redis.call('MEMORY', 'STATS');
  const get = (name) => Number(stats[stats.indexOf(name) + 1]);
  return { total: get('total.allocated'), clients: get('clients.normal') };
}

/** Reads Redis made from client sockets so far: one per batch of commands a client wrote. */
async function socketReads(redis) {
  return Number(/total_reads_processed:(\d+)/.exec(await redis.info('stats'))[1]);
}

/** CPU the redis-server has used so far (user + system), in ms. */
async function redisCpuMs(redis) {
  const info = await redis.info('cpu');
  const get = (name) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)[1]);
  return (get('used_cpu_user') + get('used_cpu_sys')) * 1000;
}

function commandStats(text) {
  const out = {};
  for (const m of text.matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) out[m[1]] = Number(m[2]);
  return out;
}

async function scanKeys(redis, prefix) {
  const out = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    out.push(...keys);
  } while (cursor !== '0');
  return out;
}

/** What each key is, from its name under the prefix (see the task store's key builders). */
function keyType(key, prefix) {
  const rest = key.slice(prefix.length + 1);
  if (/^task:[^:]+$/.test(rest)) return 'task record (hash)';
  if (/^task:[^:]+:events$/.test(rest)) return 'task events (stream)';
  if (/^task:[^:]+:gone$/.test(rest)) return 'tombstone (key per task)';
  if (/^tasks:gone:/.test(rest)) return 'tombstones (hour bucket)';
  if (rest.startsWith('bull:')) return 'bull';
  return 'other';
}

async function byKeyType(redis, prefix) {
  const types = {};
  for (const key of await scanKeys(redis, prefix)) {
    const type = keyType(key, prefix);
    const bytes = await redis.memory('USAGE', key, 'SAMPLES', 0);
    const t = (types[type] ??= { keys: 0, bytes: 0 });
    t.keys++;
    t.bytes += bytes ?? 0;
    if (type === 'task record (hash)') {
      const enc = await redis.object('ENCODING', key);
      t.encodings = { ...t.encodings, [enc]: (t.encodings?.[enc] ?? 0) + 1 };
    }
  }
  return types;
}

async function memory({ env, token, tasks, clients = 20, log }) {
  const server = await startRedis();
  const prefix = env.REDIS_KEY_PREFIX;
  const svcEnv = { ...env, REDIS_URL: server.url };
  const stops = [server.stop];
  try {
    const [api, worker] = await Promise.all([
      startService({ role: 'api', port: await freePort(), env: svcEnv }),
      startService({ role: 'worker', port: await freePort(), env: svcEnv }),
    ]);
    stops.unshift(api.stop, worker.stop);
    const client = jsonClient(api.url, clients);
    const headers = { authorization: `Bearer ${token}` };
    // One task first, so that everything made once (queues, samples, limits) is in the baseline.
    const warm = await client.request('POST', '/api/ai/query/', { query: 'Warm-up task', use_celery: true }, headers);
    await waitFinal(server.redis, prefix, [warm.body.task_id]);
    await sleep(GRACE_MS);
    await server.redis.config('RESETSTAT');
    const before = await usedMemory(server.redis);
    const cpuBefore = await redisCpuMs(server.redis);
    const readsBefore = await socketReads(server.redis);
    const existing = new Set(await scanKeys(server.redis, prefix));
    const ids = [];
    const onAnswer = (res) => {
      if (res.status !== 202) throw new Error(`memory: submit answered ${res.status}`);
      ids.push(res.body.task_id);
    };
    await submitAll({ client, clients, tasks, label: 'Memory bench task', headers, onAnswer });
    client.close();
    const polls = await waitFinal(server.redis, prefix, ids);
    const redisCpu = (await redisCpuMs(server.redis)) - cpuBefore;
    const reads = (await socketReads(server.redis)) - readsBefore;
    const commands = commandStats(await server.redis.info('commandstats'));
    commands.hget -= polls;
    const atFinal = await usedMemory(server.redis);
    log?.(`memory: ${tasks} tasks final; waiting ${GRACE_MS / 1000} s for their event streams' grace`);
    await sleep(GRACE_MS);
    // A full SCAN reclaims every key whose TTL has passed (Redis' active expiry samples lazily).
    await byKeyType(server.redis, prefix);
    const retained = await usedMemory(server.redis);
    const types = await byKeyType(server.redis, prefix);
    // What the run's keys hold: the drop in used_memory when the keys made since the baseline
    // (task records, tombstone buckets) are deleted.
    const made = (await scanKeys(server.redis, prefix)).filter((key) => !existing.has(key));
    for (let i = 0; i < made.length; i += 500) await server.redis.del(...made.slice(i, i + 500));
    const afterDelete = await usedMemory(server.redis);
    for (const t of Object.values(types)) t.bytesPerTask = round(t.bytes / tasks);
    const commandsPerTask = Object.fromEntries(
      Object.entries(commands)
        .filter(([name]) => !['info', 'config|resetstat', 'memory|stats', 'scan'].includes(name))
        .map(([name, calls]) => [name, round(calls / tasks)]),
    );
    const perTask = (a, field) => Math.round((a[field] - before[field]) / tasks);
    const keysHold = Math.round((retained.total - afterDelete.total) / tasks);
    return {
      tasks,
      bytesPerTaskAtFinal: perTask(atFinal, 'total') - perTask(atFinal, 'clients'),
      bytesPerTask: keysHold,
      usedMemoryDeltaPerTask: { total: perTask(retained, 'total'), keys: keysHold, connectionBuffers: perTask(retained, 'clients'), notInKeys: perTask(retained, 'total') - keysHold - perTask(retained, 'clients') },
      byKeyType: types,
      redisCpuMsPerTask: round(redisCpu / tasks),
      // Each read is one batch a client wrote: the round trips (less the bench's own polls).
      redisRoundTripsPerTask: round(reads / tasks),
      redisCommandsPerTask: commandsPerTask,
      redisCommandsPerTaskTotal: round(Object.values(commandsPerTask).reduce((a, b) => a + b, 0)),
    };
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

/** Polls the records' status; returns how many HGETs that took (left out of the command counts). */
async function waitFinal(redis, prefix, ids, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let open = ids;
  let polls = 0;
  while (open.length) {
    if (Date.now() > deadline) throw new Error(`memory: ${open.length} tasks still open`);
    const pipe = redis.pipeline();
    for (const id of open) pipe.hget(`${prefix}:task:${id}`, 'status');
    polls += open.length;
    const replies = await pipe.exec();
    open = open.filter((_, i) => !FINAL.has(replies[i][1]));
    if (open.length) await sleep(200);
  }
  return polls;
}

module.exports = { memory };
