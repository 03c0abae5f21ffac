/**
 * The service on a real Redis Cluster (3 masters, 3 replicas) and on a primary/replica pair behind
 * three Sentinels, configured only through REDIS_CLUSTER_NODES or REDIS_SENTINELS: one app (API
 * and worker in-process) per topology runs the main flows — an inline query, a background query to
 * SUCCESS followed live and replayed over SSE, an idempotent submit, a cancel that reaches the
 * running worker, and a rate limit. On the cluster, a task's keys share its hash tag and each
 * queue's Bull keys their queue's, so scripts stay within a slot and queues spread over masters.
 */
import type { Cluster } from 'ioredis';
import type Redis from 'ioredis';
import { AppConfigService, loadConfig } from '../../src/core/config';
import { keySlot } from '../../src/core/redis/redis-connection';
import { RedisService } from '../../src/core/redis/redis.service';
import { ALL_QUEUES, AuxQueueName } from '../../src/tasks/queue-names';
import { TaskStore } from '../../src/tasks/task-store.service';
import { RedisClusterTopology, RedisSentinelTopology } from '../helpers/redis-topologies';
import { openSse } from '../helpers/sse-client';
import { createTestApp, REDIS_URL, type TestApp } from '../helpers/test-app';
import { until } from '../helpers/until';

const INLINE_LIMIT = 4;


describe('REDIS_WAIT_REPLICAS on a server without replicas', () => {
  it('answers 503 after the timeout and undoes the write', async () => {
    const env = { REDIS_URL, REDIS_WAIT_REPLICAS: '1', REDIS_WAIT_TIMEOUT_MS: '50', REDIS_KEY_PREFIX: `w${Date.now()}` };
    const sut = new RedisService({ all: loadConfig(env) } as AppConfigService);
    try {
      await new Promise((resolve) => (sut.isReady() ? resolve(null) : sut.client.once('ready', resolve)));
      if ((await sut.client.info('replication')).includes('connected_slaves:0') === false) return; // this server has replicas
      const key = sut.key('waited');
      await new Promise((r) => setTimeout(r, 200)); // its WAIT connections open with it
      const undone: string[] = [];
      const write = sut.writeDurably([key], (conn) => conn.set(key, 'v'), async () => void undone.push(key));
      await expect(write).rejects.toMatchObject({ code: 'queue_unavailable', details: { replicas_acknowledged: 0, replicas_required: 1 } });
      expect(undone).toEqual([key]);
      await sut.client.del(key);
    } finally {
      await sut.onApplicationShutdown();
    }
  });
});

describe.each([
  ['a Redis Cluster', () => RedisClusterTopology.start()],
  ['Sentinel', () => RedisSentinelTopology.start()],
] as const)('the service on %s', (name, start) => {
  let topology: RedisClusterTopology | RedisSentinelTopology;
  let t: TestApp;
  let redis: Redis | Cluster;
  let alice: string;

  beforeAll(async () => {
    topology = await start();
    t = await createTestApp({ mcp: false, env: { ...topology.env, RATE_LIMIT_INLINE_PER_MINUTE: String(INLINE_LIMIT), TASK_TTL_QUERY_SECONDS: '600' } });
    redis = topology.client();
    alice = t.token('alice', ['clinician']);
  }, 60000);

  afterAll(async () => {
    await t?.close();
    redis?.disconnect();
    await topology?.close();
  });
  beforeEach(() => t.llm.reset());

  const post = (token: string, body: unknown, headers: Record<string, string> = {}) => {
    const req = t.request().post('/api/ai/query/').set('authorization', `Bearer ${token}`).set('content-type', 'application/json');
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    return req.send(JSON.stringify(body));
  };

  it('answers an inline query', async () => {
    t.llm.script({ content: 'HbA1c below 5.7% is normal.' });
    const res = await post(alice, { query: 'Normal HbA1c?' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, response: 'HbA1c below 5.7% is normal.', routing: { mode: 'inline' } });
  });

  it('runs a background query to SUCCESS, followed live over SSE and replayed afterwards', async () => {
    t.llm.script({ content: 'queued answer', delayMs: 300 });
    const res = await post(alice, { query: 'in the background', use_celery: true });
    expect(res.status).toBe(202);
    const taskId = res.body.task_id as string;
    const live = await openSse(t.url, `/api/ai/task/${taskId}/events/`, { token: alice });
    await live.ended;
    expect(live.events.at(-1)).toMatchObject({ event: 'status', data: { status: 'SUCCESS', result: { response: 'queued answer' } } });
    expect((await t.waitForTask(taskId, alice)).status).toBe('SUCCESS');
    const replay = await openSse(t.url, `/api/ai/task/${taskId}/events/`, { token: alice });
    await replay.ended;
    expect(replay.events.filter((e) => e.event === 'status').map((e) => e.data.status)).toEqual(live.events.filter((e) => e.event === 'status').map((e) => e.data.status));
    expect(replay.events[0]?.data.status).toBe('PENDING');

    // The record and its events where the key builder says, in the slot of its open-index shard.
    const store = t.app.get(TaskStore);
    expect(await redis.hget(store.taskKey(taskId), 'status')).toBe('SUCCESS');
    expect(await redis.exists(store.eventsKey(taskId))).toBe(1);
    if (topology instanceof RedisClusterTopology) {
      expect(store.taskKey(taskId)).toMatch(/:task:\{tasks-\d+\}:/);
      expect(keySlot(store.eventsKey(taskId))).toBe(keySlot(store.openKey(taskId)));
      expect(new Set(store.openKeys().map(keySlot)).size).toBe(store.openKeys().length);
    }
  });

  it("indexes a delayed task by when it falls due, and counts it against its owner's delayed-task cap until it is cancelled", async () => {
    const before = Date.now();
    const res = await post(alice, { query: 'next week', delay_seconds: 7 * 86_400 });
    expect(res.status).toBe(202);
    const taskId = res.body.task_id as string;
    const store = t.app.get(TaskStore);
    expect(Number(await redis.zscore(store.openKey(taskId), taskId))).toBeGreaterThanOrEqual(before + 7 * 86_400_000);
    const waiting = `${t.prefix}:tasks:delayed:alice`;
    expect(await redis.zscore(waiting, taskId)).not.toBeNull();
    expect((await t.request().delete(`/api/ai/task/${taskId}/`).set('authorization', `Bearer ${alice}`)).status).toBe(200);
    expect(await redis.zscore(waiting, taskId)).toBeNull();
    expect(await redis.zscore(store.openKey(taskId), taskId)).toBeNull();
  });

  it('answers a resent submit with the same idempotency key with the first task', async () => {
    const key = { 'idempotency-key': `k-${name.replace(/\W/g, '')}` };
    const answers: Awaited<ReturnType<typeof post>>[] = [];
    for (let i = 0; i < 3; i++) answers.push(await post(alice, { query: 'once only', use_celery: true }, key));
    expect(answers.map((r) => [r.status, r.body.task_id, r.headers['idempotent-replayed'] ?? 'first'])).toEqual(
      answers.map((_, i) => [202, answers[0].body.task_id, i === 0 ? 'first' : 'true']),
    );
    await t.waitForTask(answers[0].body.task_id, alice);
    expect(t.llm.requestCount).toBe(1);
  });

  it('cancels a running task: the abort reaches the worker through Redis', async () => {
    t.llm.script({ hang: true });
    const res = await post(alice, { query: 'hang', use_celery: true });
    await until(() => t.llm.inFlight === 1);
    const out = await t.request().delete(`/api/ai/task/${res.body.task_id}/`).set('authorization', `Bearer ${alice}`);
    expect(out.status).toBe(200);
    await until(() => t.llm.lastRequest()?.aborted === true);
    expect((await t.waitForTask(res.body.task_id, alice)).status).toBe('CANCELLED');
  });

  it('limits a user to RATE_LIMIT_INLINE_PER_MINUTE inline queries (429 with Retry-After)', async () => {
    const carol = t.token(`carol-${name}`, ['clinician']);
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i <= INLINE_LIMIT; i++) {
      const res = await post(carol, { query: `inline ${i}` });
      statuses.push(res.status);
      retryAfter ??= res.headers['retry-after'];
    }
    expect(statuses).toEqual([...Array(INLINE_LIMIT).fill(200), 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('acknowledges a write with REDIS_WAIT_REPLICAS=1 once the replica of its master has it', async () => {
    const sut = new RedisService({ all: loadConfig({ ...topology.env, REDIS_WAIT_REPLICAS: '1', REDIS_KEY_PREFIX: t.prefix }) } as AppConfigService);
    try {
      await new Promise((resolve) => (sut.isReady() ? resolve(null) : sut.client.once('ready', resolve)));
      const key = sut.key('waited', sut.tag('x'));
      // Its WAIT connections open with it: retried until they are up.
      let reply: unknown;
      for (let i = 0; i < 50 && reply === undefined; i++) reply = await sut.writeDurably([key], (conn) => conn.set(key, 'kept')).catch(() => new Promise((r) => setTimeout(r, 50)));
      expect(reply).toBe('OK');
      expect(await redis.get(key)).toBe('kept');
    } finally {
      await sut.onApplicationShutdown();
    }
  });

  if (name === 'a Redis Cluster') {
    it('keeps each queue in its own slot, the queues spread over the masters', async () => {
      const queues = [...ALL_QUEUES, AuxQueueName.Webhooks];
      const masters = await Promise.all(queues.map((q) => (topology as RedisClusterTopology).masterOf(`{${q}}`)));
      expect(new Set(masters).size).toBe(3);
      expect(await redis.exists(`${t.prefix}:bull:{ai-query}:ai-query:id`)).toBe(1);
    });
  }
});
