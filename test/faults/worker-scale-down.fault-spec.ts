/**
 * Scale-down during a long task: a worker told to stop (SIGTERM, as KEDA or a rollout does)
 * lets its short jobs finish within SHUTDOWN_GRACE_SECONDS and hands the job still running back
 * to its queue at once, so another worker runs it now, not after the lock expires and the
 * stalled check runs (30 s here, far past the wait below). The task ends SUCCESS once, and the
 * stopped run writes nothing (no FAILURE, no RETRY).
 */
import { jsonClient, sleep, submit, successEvents, useStackOnSharedRedis, waitAllFinal } from './fault-harness';

describe('worker stopped during a long task', () => {
  const f = useStackOnSharedRedis({ env: { SHUTDOWN_GRACE_SECONDS: '3', WORKER_STALLED_INTERVAL_MS: '30000', OPENAI_TIMEOUT_MS: '120000' } });

  it('hands the running job to another worker at the end of its grace; the task succeeds once', async () => {
    // The first call (on the worker to be stopped) outlasts any grace; the retry answers at once.
    f.llm.script({ hang: true }, { content: 'finished elsewhere' });
    const client = jsonClient(f.stack.api.url, 1);
    const accepted = await submit(client, f.stack.token, 'a long medical-sized task');
    client.close();
    expect(accepted.status).toBe(202);
    const id = accepted.body.task_id as string;
    const deadline = Date.now() + 20000;
    while (f.llm.requestCount < 1 && Date.now() < deadline) await sleep(50);
    expect(await f.redis.hget(`${f.stack.prefix}:task:${id}`, 'status')).toBe('PROGRESS');

    const [stopping] = f.stack.workers;
    await f.stack.startWorker();
    const exited = new Promise<number | null>((resolve) => stopping.child.once('exit', (code) => resolve(code)));
    stopping.child.kill('SIGTERM');

    // Grace (3 s) + the successor's run: well inside the 30 s lock + stalled interval.
    const counts = await waitAllFinal(f.redis, f.stack.prefix, [id], 10_000);
    expect(counts).toEqual({ SUCCESS: 1 });
    expect([...(await successEvents(f.redis, f.stack.prefix, [id])).values()]).toEqual([1]);
    const statuses = (await f.redis.xrange(`${f.stack.prefix}:task:${id}:events`, '-', '+')).map(([, fields]) => JSON.parse(fields[1]).status as string);
    expect(statuses.filter((s) => s === 'FAILURE' || s === 'RETRY')).toEqual([]);
    expect(await f.redis.hget(`${f.stack.prefix}:task:${id}`, 'attempts')).toBe('1');
    await exited;
    expect(f.llm.requestCount).toBe(2);
  });
});
