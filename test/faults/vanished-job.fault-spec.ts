/**
 * A job that vanished from Redis (its Bull keys deleted while it runs, as a flush or a lost
 * replica would) no longer leaves its task in PROGRESS for days: the worker's sweeper ends it
 * FAILURE with code job_lost within one stalled interval (1 s here), and the worker that still
 * ran it stops.
 */
import { jsonClient, sleep, submit, useStackOnSharedRedis, waitAllFinal } from './fault-harness';

const STALLED_INTERVAL_MS = 1000;

describe('job vanished from Redis', () => {
  const f = useStackOnSharedRedis({ env: { WORKER_STALLED_INTERVAL_MS: String(STALLED_INTERVAL_MS) } });

  it('ends the task FAILURE with job_lost within one stalled interval', async () => {
    f.llm.script({ hang: true });
    const client = jsonClient(f.stack.api.url, 1);
    const accepted = await submit(client, f.stack.token, 'about to vanish');
    client.close();
    const id = accepted.body.task_id as string;
    const deadline = Date.now() + 20000;
    while (f.llm.requestCount < 1 && Date.now() < deadline) await sleep(50);
    const taskKey = `${f.stack.prefix}:task:${id}`;
    expect(await f.redis.hget(taskKey, 'status')).toBe('PROGRESS');

    const bull = `${f.stack.prefix}:bull:ai-query`;
    await f.redis.multi().del(`${bull}:${id}`, `${bull}:${id}:lock`).lrem(`${bull}:active`, 0, id).exec();
    const deleted = Date.now();
    expect(await waitAllFinal(f.redis, f.stack.prefix, [id], STALLED_INTERVAL_MS + 2000)).toEqual({ FAILURE: 1 });
    expect(Date.now() - deleted).toBeLessThan(STALLED_INTERVAL_MS + 1000);
    // Query results are sealed at rest: read it as its owner does, through the status route.
    const poll = jsonClient(f.stack.api.url, 1);
    const status = await poll.request('GET', `/api/ai/task/${id}/status/`, undefined, { authorization: `Bearer ${f.stack.token}` });
    poll.close();
    expect(status.body.result).toMatchObject({ success: false, code: 'job_lost' });
    await f.llm.idle(5000); // the running worker was told to stop: its model call is abandoned
  });
});
