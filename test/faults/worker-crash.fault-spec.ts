/**
 * A worker SIGKILLed in the middle of its tasks: Bull's stalled check (WORKER_STALLED_INTERVAL_MS,
 * 1 s here) hands them to another worker, and each ends SUCCESS exactly once.
 */
import Redis from 'ioredis';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm-server';
import { REDIS_URL } from '../helpers/test-app';
import { deletePrefix, jsonClient, sleep, Stack, startStack, submit, successEvents, waitAllFinal } from './fault-harness';

describe('worker killed mid-task', () => {
  let llm: FakeLlm;
  let stack: Stack;
  let redis: Redis;

  beforeAll(async () => {
    llm = await startFakeLlm();
    stack = await startStack({ redisUrl: REDIS_URL, llmUrl: llm.url, workers: 1 });
    redis = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await stack?.close();
    await llm?.close();
    await deletePrefix(redis, stack.prefix);
    await redis.quit();
  });

  it('hands the running tasks of a SIGKILLed worker to another worker, which completes each once', async () => {
    const TASKS = 5;
    // The first worker's model calls never answer, so its tasks are running when it dies.
    llm.script(...Array.from({ length: TASKS }, () => ({ hang: true as const })));
    const client = jsonClient(stack.api.url, 5);
    const accepted = await Promise.all(Array.from({ length: TASKS }, (_, i) => submit(client, stack.token, `crash case ${i}`)));
    client.close();
    expect(accepted.map((r) => r.status)).toEqual(Array(TASKS).fill(202));
    const ids = accepted.map((r) => r.body.task_id as string);

    const deadline = Date.now() + 20000;
    while (llm.requestCount < TASKS && Date.now() < deadline) await sleep(50);
    expect(llm.requestCount).toBe(TASKS);
    const statuses = await Promise.all(ids.map((id) => redis.hget(`${stack.prefix}:task:${id}`, 'status')));
    expect(statuses).toEqual(Array(TASKS).fill('PROGRESS'));

    const [doomed] = stack.workers;
    await stack.startWorker();
    doomed.child.kill('SIGKILL');

    const counts = await waitAllFinal(redis, stack.prefix, ids, 30000);
    expect(counts).toEqual({ SUCCESS: TASKS });
    const successes = await successEvents(redis, stack.prefix, ids);
    expect([...successes.values()]).toEqual(Array(TASKS).fill(1));
    // Each task asked the model twice: once on the dead worker, once on its successor.
    expect(llm.requestCount).toBe(2 * TASKS);
    expect(llm.requests.filter((r) => r.aborted)).toHaveLength(TASKS);
  });
});
