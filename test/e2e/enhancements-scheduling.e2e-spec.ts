/**
 * Issue 9 end to end, the parts that need one job at a time (WORKER_CONCURRENCY=1): priorities,
 * recurring schedules, the task timeout (no zombies) and adaptive routing (INLINE_MAX_IN_FLIGHT=1,
 * measured p95).
 */
import type { TestApp } from '../helpers/test-app';
import { until } from '../helpers/until';

// @Process reads its concurrency when the processor class loads, so this precedes the import.
process.env.WORKER_CONCURRENCY = '1';

describe('issue 9 enhancements: priorities, schedules, timeouts, adaptive routing (e2e)', () => {
  let t: TestApp;
  let alice: string;

  beforeAll(async () => {
    const { createTestApp } = await import('../helpers/test-app.js');
    t = await createTestApp({
      mcp: false,
      env: { WORKER_CONCURRENCY: '1', TASK_TIMEOUT_QUERY_SECONDS: '2', INLINE_MAX_IN_FLIGHT: '1', SCHEDULE_MIN_INTERVAL_SECONDS: '1', INLINE_PROBE_RATIO: '0' },
    });
    alice = t.token('alice', ['clinician']);
  });
  afterAll(() => t.close());
  beforeEach(() => t.llm.reset());

  const post = (path: string, token: string, body: unknown) =>
    t.request().post(path).set('authorization', `Bearer ${token}`).set('content-type', 'application/json').send(JSON.stringify(body));
  const get = (path: string, token = alice) => t.request().get(path).set('authorization', `Bearer ${token}`);
  const userText = (i: number) => {
    const messages = t.llm.requests[i].body.messages;
    return String(messages.filter((m) => m.role === 'user').at(-1)?.content);
  };

  it('runs a high-priority task before a backlog of low ones', async () => {
    t.llm.script({ content: 'blocker', delayMs: 800 });
    const blocker = await post('/api/ai/query/', alice, { query: 'blocker', use_celery: true });
    expect(blocker.status).toBe(202);
    // The blocker has reached the LLM (and holds the only worker slot for 800 ms); if it never does,
    // say where the task stands.
    await until(() => t.llm.requestCount >= 1).catch(async (error: Error) => {
      const status = await get(`/api/ai/task/${blocker.body.task_id}/status/`);
      throw new Error(`${error.message}; blocker task: ${JSON.stringify(status.body)}`);
    });
    const low = [];
    for (const n of [1, 2, 3]) low.push(await post('/api/ai/query/', alice, { query: `low-${n}`, use_celery: true, priority: 'low' }));
    const high = await post('/api/ai/query/', alice, { query: 'high-1', use_celery: true, priority: 'high' });
    for (const res of [blocker, ...low, high]) expect((await t.waitForTask(res.body.task_id, alice)).status).toBe('SUCCESS');
    const order = t.llm.requests.map((_, i) => userText(i));
    expect(order).toEqual(['blocker', 'high-1', 'low-1', 'low-2', 'low-3']);
  });

  it('fails a task that runs past its type\'s timeout with a timeout error, aborting the LLM call', async () => {
    t.llm.script({ hang: true });
    const res = await post('/api/ai/query/', alice, { query: 'never answers', use_celery: true });
    const done = await t.waitForTask(res.body.task_id, alice, { timeoutMs: 8000 });
    expect(done.status).toBe('FAILURE');
    expect(done.result).toMatchObject({ success: false, code: 'timeout', error: expect.stringMatching(/within its 2 s limit/) });
    await until(() => t.llm.lastRequest()?.aborted === true, 2000);
  });

  describe('recurring schedules', () => {
    it('creates, lists (own only), runs as normal tasks, pauses, resumes and deletes', async () => {
      const created = await post('/api/ai/schedules/', alice, { name: 'every second', cron: '* * * * * *', timezone: 'Europe/Paris', query: 'scheduled ping' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ cron: '* * * * * *', timezone: 'Europe/Paris', state: 'active', priority: 'low' });
      const id = created.body.schedule_id as string;

      const bob = t.token('bob');
      expect((await get('/api/ai/schedules/', bob)).body.schedules).toEqual([]);
      expect((await get(`/api/ai/schedules/${id}`, bob)).status).toBe(404);

      let runs: string[] = [];
      await until(async () => {
        runs = (await get(`/api/ai/schedules/${id}`)).body.recent_task_ids;
        return runs.length >= 2;
      }, 8000);
      expect(new Set(runs).size).toBe(runs.length);
      const run = await t.waitForTask(runs[runs.length - 1], alice);
      expect(run).toMatchObject({ status: 'SUCCESS', task_type: 'query', result: { response: 'Echo: scheduled ping' } });
      expect((await get(`/api/ai/task/${runs[0]}/status/`, bob)).status).toBe(404);
      const listed = (await get('/api/ai/schedules/')).body;
      expect(listed.schedules.map((s: { schedule_id: string }) => s.schedule_id)).toEqual([id]);

      const paused = await post(`/api/ai/schedules/${id}/pause`, alice, {});
      expect(paused.status).toBe(200);
      expect(paused.body).toMatchObject({ state: 'paused', next_run_at: null });
      await new Promise((r) => setTimeout(r, 1200));
      const before = (await get(`/api/ai/schedules/${id}`)).body.recent_task_ids.length;
      await new Promise((r) => setTimeout(r, 1500));
      expect((await get(`/api/ai/schedules/${id}`)).body.recent_task_ids.length).toBe(before);

      const resumed = await post(`/api/ai/schedules/${id}/resume`, alice, {});
      expect(resumed.body.state).toBe('active');
      expect(resumed.body.next_run_at).toEqual(expect.any(String));
      await until(async () => (await get(`/api/ai/schedules/${id}`)).body.recent_task_ids.length > before, 5000);

      const deleted = await t.request().delete(`/api/ai/schedules/${id}`).set('authorization', `Bearer ${alice}`);
      expect(deleted.status).toBe(204);
      expect((await get(`/api/ai/schedules/${id}`)).status).toBe(404);
      const queue = t.app.get('BullQueue_ai-query', { strict: false }) as import('bull').Queue;
      expect(await queue.getRepeatableJobs()).toEqual([]);
    });

    it('refuses a bad cron expression or time zone with 400', async () => {
      const badCron = await post('/api/ai/schedules/', alice, { cron: 'every day please', query: 'x' });
      expect(badCron.status).toBe(400);
      const badZone = await post('/api/ai/schedules/', alice, { cron: '0 7 * * *', timezone: 'Mars/Olympus', query: 'x' });
      expect(badZone.status).toBe(400);
      expect((await get('/api/ai/schedules/')).body.schedules).toEqual([]);
    });
  });

  describe('adaptive routing', () => {
    it('sends inline work to the background when the in-flight limit is reached', async () => {
      t.llm.script({ content: 'slow inline', delayMs: 800 });
      const first = post('/api/ai/query/', alice, { query: 'first' }).then((r) => r);
      await until(() => t.llm.requestCount === 1);
      const second = await post('/api/ai/query/', alice, { query: 'second' });
      expect(second.status).toBe(202);
      expect(second.body.routing).toMatchObject({ mode: 'background', rule: 'inline_in_flight_limit' });
      expect((await first).status).toBe(200);
      await t.waitForTask(second.body.task_id, alice);
    });

    it('sends a kind to the background when its measured p95 (kept in Redis) is over the limit', async () => {
      const before = await post('/api/ai/query/', alice, { query: 'fast enough' });
      expect(before.body.routing.rule).toBe('short_query');
      await t.redis.lpush(`${t.prefix}:durations:query`, ...Array.from({ length: 25 }, () => `${Date.now()}:45`));
      const { InlineLoadTracker } = await import('../../src/tasks/dispatcher/inline-load.tracker.js');
      await t.app.get(InlineLoadTracker, { strict: false }).refresh();
      const res = await post('/api/ai/query/', alice, { query: 'now slow' });
      expect(res.status).toBe(202);
      expect(res.body.routing).toMatchObject({ mode: 'background', rule: 'measured_p95', reason: expect.stringMatching(/45\.0 s at p95/) });
      await t.waitForTask(res.body.task_id, alice);
    });
  });
});
