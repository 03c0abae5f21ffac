/**
 * Redis going away under the service: a restart under load (the API answers 503 at once rather
 * than hanging, health says unhealthy, both recover by themselves, no task accepted with 202 is
 * lost) and an outage longer than a minute (workers resume by themselves; the worker's readiness
 * says it cannot reach Redis meanwhile). The Redis here is private, with an fsync'd AOF, so a
 * restart keeps what it acknowledged. FAULT_LONG_OUTAGE_SECONDS sets the long outage (65), and
 * FAULT_LOAD_PAD_MB adds that much data before it (0), so that the restart spends seconds loading
 * it. With 600, before the task runner waited for its store, the five tasks submitted before the
 * outage ended FAILURE internal_error (test/integration/task-runner-store-outage is the quick check).
 */
import Redis from 'ioredis';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm-server';
import { getJson, HttpResult, jsonClient, notSucceeded, PrivateRedis, sleep, Stack, startStack, submit, successEvents, waitAllFinal } from './fault-harness';

const LONG_OUTAGE_SECONDS = Number(process.env.FAULT_LONG_OUTAGE_SECONDS ?? 65);
const LOAD_PAD_MB = Number(process.env.FAULT_LOAD_PAD_MB ?? 0);

describe('Redis outages', () => {
  let llm: FakeLlm;
  let redisServer: PrivateRedis;
  let stack: Stack;
  let redis: Redis;

  beforeAll(async () => {
    llm = await startFakeLlm({ recording: false });
    // A little model time, so that tasks are running when Redis dies.
    llm.setDefault({ content: 'ok', delayMs: 30 });
    redisServer = await PrivateRedis.start();
    stack = await startStack({ redisUrl: redisServer.url, llmUrl: llm.url, workers: 1 });
    redis = new Redis(redisServer.url, { maxRetriesPerRequest: null, retryStrategy: () => 200 });
    redis.on('error', () => undefined);
  });

  afterAll(async () => {
    await stack?.close();
    redis?.disconnect();
    await redisServer?.close();
    await llm?.close();
  });

  it('answers 503 at once while Redis is down, recovers without a restart and loses no accepted task', async () => {
    const client = jsonClient(stack.api.url, 10);
    const accepted: string[] = [];
    const refused: HttpResult[] = [];
    let running = true;
    const loaders = Array.from({ length: 10 }, async (_, c) => {
      for (let i = 0; running; i++) {
        const res = await submit(client, stack.token, `outage load ${c}-${i}`).catch((): HttpResult => ({ status: 0, body: null, ms: 0 }));
        if (res.status === 202) accepted.push(res.body.task_id);
        else refused.push(res);
        if (res.status !== 202) await sleep(20);
      }
    });

    await sleep(2000);
    const acceptedBeforeKill = accepted.length;
    await redisServer.kill();
    await sleep(1500);
    const health = await getJson(`${stack.api.url}/api/ai/health`);
    const ready = await getJson(`${stack.api.url}/api/ai/health/ready`);
    const status = await getJson(`${stack.api.url}/api/ai/task/${accepted[0]}/status/`).catch(() => null);
    await sleep(1500);
    await redisServer.start();

    const recovered = Date.now() + 20000;
    let healthy = false;
    while (!healthy && Date.now() < recovered) {
      healthy = (await getJson(`${stack.api.url}/api/ai/health`)).body?.redis_available === true;
      if (!healthy) await sleep(200);
    }
    const acceptedAtRecovery = accepted.length;
    await sleep(2000);
    running = false;
    await Promise.all(loaders);
    client.close();

    expect(acceptedBeforeKill).toBeGreaterThan(10);
    expect(health.body).toMatchObject({ status: 'unhealthy', redis_available: false });
    expect(health.ms).toBeLessThan(2000);
    expect(ready.status).toBe(503);
    expect(status).not.toBeNull();
    const down503 = refused.filter((r) => r.status === 503);
    expect(down503.length).toBeGreaterThan(0);
    expect(refused.filter((r) => r.status !== 503)).toEqual([]);
    // "Fast": no submission waited on the dead Redis beyond the enqueue timeout.
    expect(Math.max(...down503.map((r) => r.ms))).toBeLessThan(3500);
    expect(down503[0].body).toMatchObject({ success: false, code: expect.any(String), request_id: expect.any(String) });
    expect(healthy).toBe(true);
    expect(accepted.length).toBeGreaterThan(acceptedAtRecovery);

    const counts = await waitAllFinal(redis, stack.prefix, accepted, 60000);
    expect({ counts, failed: counts.SUCCESS === accepted.length ? [] : await notSucceeded(redis, stack.prefix, accepted) }).toEqual({
      counts: { SUCCESS: accepted.length },
      failed: [],
    });
    const successes = await successEvents(redis, stack.prefix, accepted);
    expect([...successes.values()].every((n) => n === 1)).toBe(true);
  });

  it(`resumes taking jobs after ${LONG_OUTAGE_SECONDS} s without Redis, and the worker's readiness shows the outage`, async () => {
    // A dataset that takes Redis seconds to load at the restart, as a production one does: our
    // connections (with a ready check) wait for the load, Bull's do not, and the worker may be
    // handed jobs while its task store cannot be reached yet.
    for (let mb = 0; mb < LOAD_PAD_MB; mb += 8) {
      const pipe = redis.pipeline();
      for (let k = 0; k < 8; k++) pipe.set(`pad:${mb + k}`, 'x'.repeat(1024 * 1024));
      await pipe.exec();
    }
    const client = jsonClient(stack.api.url, 5);
    const before = await Promise.all(Array.from({ length: 5 }, (_, i) => submit(client, stack.token, `before long outage ${i}`)));
    expect(before.map((r) => r.status)).toEqual(Array(5).fill(202));
    await redisServer.kill();
    await sleep(5000);
    const workerReady = await getJson(`${stack.workers[0].url}/api/ai/health/ready`);
    await sleep(Math.max(0, LONG_OUTAGE_SECONDS * 1000 - 5000));
    await redisServer.start();

    expect(workerReady.status).toBe(503);
    expect(workerReady.body?.error?.workers ?? workerReady.body?.details?.workers).toMatchObject({
      status: 'down',
      message: 'This worker cannot reach Redis',
    });

    // Workers that silently stop consuming after a long outage would leave these PENDING.
    const deadline = Date.now() + 30000;
    let after: HttpResult[] = [];
    while (Date.now() < deadline) {
      after = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(client, stack.token, `after long outage ${i}`)));
      if (after.every((r) => r.status === 202)) break;
      await sleep(500);
    }
    client.close();
    expect(after.map((r) => r.status)).toEqual(Array(10).fill(202));
    const ids = [...before, ...after].map((r) => r.body.task_id as string);
    const counts = await waitAllFinal(redis, stack.prefix, ids, 45000);
    // On a failure, what each failed task's record says (code, message, attempts) shows why.
    expect({ counts, failed: await notSucceeded(redis, stack.prefix, ids) }).toEqual({ counts: { SUCCESS: ids.length }, failed: [] });
    expect([...(await successEvents(redis, stack.prefix, ids)).values()].every((n) => n === 1)).toBe(true);
    // Up again once the worker has beaten since its own connection came back (a beat a second).
    let workerReadyAfter = await getJson(`${stack.workers[0].url}/api/ai/health/ready`);
    for (const until = Date.now() + 5000; workerReadyAfter.status !== 200 && Date.now() < until; await sleep(250)) {
      workerReadyAfter = await getJson(`${stack.workers[0].url}/api/ai/health/ready`);
    }
    expect(workerReadyAfter.body?.info?.workers ?? workerReadyAfter.body?.details?.workers).toMatchObject({ status: 'up' });
  });
});
