/**
 * 5,000 background tasks from 50 concurrent clients, each client then polling its own tasks as a
 * real one would: every task reaches SUCCESS exactly once and every status read answers in under
 * a second. FAULT_LOAD_TASKS changes the count (5000).
 */
import { FINAL, jsonClient, sleep, submit, successEvents, useStackOnSharedRedis } from './fault-harness';

const TASKS = Number(process.env.FAULT_LOAD_TASKS ?? 5000);
const CLIENTS = 50;

describe(`${TASKS} tasks from ${CLIENTS} clients`, () => {
  const f = useStackOnSharedRedis({ llm: { recording: false }, env: { WORKER_CONCURRENCY: '16' } });

  it('completes every task once, with every status read under a second', async () => {
    const client = jsonClient(f.stack.api.url, CLIENTS);
    const auth = { authorization: `Bearer ${f.stack.token}` };
    const perClient = Math.ceil(TASKS / CLIENTS);
    const statusMs: number[] = [];
    const badReads: string[] = [];
    const finals: Record<string, number> = {};
    const ids: string[] = [];
    const refused: number[] = [];

    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const mine: string[] = [];
        for (let i = 0; i < perClient && c * perClient + i < TASKS; i++) {
          const res = await submit(client, f.stack.token, `load ${c}-${i}`);
          if (res.status === 202) mine.push(res.body.task_id);
          else refused.push(res.status);
        }
        ids.push(...mine);
        const open = new Set(mine);
        const deadline = Date.now() + 150000;
        while (open.size && Date.now() < deadline) {
          for (const id of [...open]) {
            const res = await client.request('GET', `/api/ai/task/${id}/status/`, undefined, auth);
            statusMs.push(res.ms);
            if (res.status !== 200) badReads.push(`${res.status} ${JSON.stringify(res.body)}`);
            else if (FINAL.has(res.body.status)) {
              finals[res.body.status] = (finals[res.body.status] ?? 0) + 1;
              open.delete(id);
            }
          }
          if (open.size) await sleep(250);
        }
      }),
    );
    client.close();

    expect(refused).toEqual([]);
    expect(badReads.slice(0, 5)).toEqual([]);
    expect(ids).toHaveLength(TASKS);
    expect(finals).toEqual({ SUCCESS: TASKS });
    expect(Math.max(...statusMs)).toBeLessThan(1000);
    const successes = await successEvents(f.redis, f.stack.prefix, ids);
    expect([...successes.values()].filter((n) => n !== 1)).toEqual([]);
    expect(f.llm.requestCount).toBe(TASKS);
  });
});
