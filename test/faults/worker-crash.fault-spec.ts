/**
 * A worker SIGKILLed in the middle of its tasks: Bull's stalled check (WORKER_STALLED_INTERVAL_MS,
 * 1 s here) hands them to another worker, and each ends SUCCESS exactly once.
 */
import { jsonClient, sleep, submit, successEvents, useStackOnSharedRedis, waitAllFinal } from './fault-harness';

describe('worker killed mid-task', () => {
  const f = useStackOnSharedRedis();

  it('hands the running tasks of a SIGKILLed worker to another worker, which completes each once', async () => {
    const TASKS = 5;
    // The first worker's model calls never answer, so its tasks are running when it dies.
    f.llm.script(...Array.from({ length: TASKS }, () => ({ hang: true as const })));
    const client = jsonClient(f.stack.api.url, 5);
    const accepted = await Promise.all(Array.from({ length: TASKS }, (_, i) => submit(client, f.stack.token, `crash case ${i}`)));
    client.close();
    expect(accepted.map((r) => r.status)).toEqual(Array(TASKS).fill(202));
    const ids = accepted.map((r) => r.body.task_id as string);

    const deadline = Date.now() + 20000;
    while (f.llm.requestCount < TASKS && Date.now() < deadline) await sleep(50);
    expect(f.llm.requestCount).toBe(TASKS);
    const statuses = await Promise.all(ids.map((id) => f.redis.hget(`${f.stack.prefix}:task:${id}`, 'status')));
    expect(statuses).toEqual(Array(TASKS).fill('PROGRESS'));

    const [doomed] = f.stack.workers;
    await f.stack.startWorker();
    doomed.child.kill('SIGKILL');

    const counts = await waitAllFinal(f.redis, f.stack.prefix, ids, 30000);
    expect(counts).toEqual({ SUCCESS: TASKS });
    const successes = await successEvents(f.redis, f.stack.prefix, ids);
    expect([...successes.values()]).toEqual(Array(TASKS).fill(1));
    // Each task asked the model twice: once on the dead worker, once on its successor.
    expect(f.llm.requestCount).toBe(2 * TASKS);
    expect(f.llm.requests.filter((r) => r.aborted)).toHaveLength(TASKS);
  });
});
