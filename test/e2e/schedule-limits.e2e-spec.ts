/**
 * Schedules within limits (issue 16): a minimum interval between runs, a cap per user, each run
 * counted against its owner's submit limit, and the owner's roles checked again at every run.
 */
import { createTestApp, type TestApp } from '../helpers/test-app';

describe('schedule limits (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      mcp: false,
      env: { SCHEDULE_MIN_INTERVAL_SECONDS: '2', SCHEDULES_PER_USER_MAX: '2', RATE_LIMIT_SUBMIT_PER_MINUTE: '3' },
    });
  });
  afterAll(() => t.close());

  const post = (path: string, token: string, body: unknown) =>
    t.request().post(path).set('authorization', `Bearer ${token}`).set('content-type', 'application/json').send(JSON.stringify(body));
  const get = (path: string, token: string) => t.request().get(path).set('authorization', `Bearer ${token}`);
  const del = (path: string, token: string) => t.request().delete(path).set('authorization', `Bearer ${token}`);
  const until = async <T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const value = await check();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('condition not met in time');
  };

  it('refuses a cron whose runs come closer than the minimum interval, naming both', async () => {
    const token = t.token('interval-user', ['analyst']);
    const res = await post('/api/ai/schedules/', token, { cron: '* * * * * *', query: 'every second' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/1 s apart; the minimum interval is 2 s/);
    expect((await get('/api/ai/schedules/', token)).body.schedules).toEqual([]);
  });

  it('caps the schedules one user may keep; another user is not affected, and a deleted one frees a slot', async () => {
    const token = t.token('cap-user');
    const ids: string[] = [];
    for (const n of [1, 2]) {
      const res = await post('/api/ai/schedules/', token, { cron: '0 7 * * *', query: `daily ${n}` });
      expect(res.status).toBe(201);
      ids.push(res.body.schedule_id);
    }
    const third = await post('/api/ai/schedules/', token, { cron: '0 8 * * *', query: 'one too many' });
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({ code: 'conflict', details: { schedules_per_user_max: 2 } });
    expect((await get('/api/ai/schedules/', token)).body.schedules).toHaveLength(2);

    expect((await post('/api/ai/schedules/', t.token('cap-other'), { cron: '0 7 * * *', query: 'mine' })).status).toBe(201);

    expect((await del(`/api/ai/schedules/${ids[0]}`, token)).status).toBe(204);
    expect((await post('/api/ai/schedules/', token, { cron: '0 8 * * *', query: 'now it fits' })).status).toBe(201);
  });

  it('counts each run against the owner\'s submit limit: past it a run fails rate_limited, and so does the owner\'s next submit', async () => {
    const token = t.token('limited-user');
    const created = await post('/api/ai/schedules/', token, { cron: '*/2 * * * * *', query: 'scheduled ping' });
    expect(created.status).toBe(201);
    const id = created.body.schedule_id as string;
    // Limit 3 a minute: three runs go through, the fourth is refused.
    const runs = await until(async () => {
      const ids: string[] = (await get(`/api/ai/schedules/${id}`, token)).body.recent_task_ids;
      return ids.length >= 4 ? ids : undefined;
    }, 15_000);
    await del(`/api/ai/schedules/${id}`, token);
    const bodies = await Promise.all(runs.map((runId) => t.waitForTask(runId, token)));
    const limited = bodies.filter((b) => b.status === 'FAILURE');
    expect(bodies.filter((b) => b.status === 'SUCCESS')).toHaveLength(3);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(limited[0].result).toMatchObject({ code: 'rate_limited', error: expect.stringMatching(/submit limit \(3 per minute\)/) });
    // The same counter as the HTTP limit: the owner's own background submit is refused too.
    const submit = await post('/api/ai/query/', token, { query: 'by hand', use_celery: true });
    expect(submit.status).toBe(429);
  });

  it('pauses a schedule whose owner lost a role since, with the reason, and runs it again once resumed', async () => {
    const analyst = t.token('role-user', ['analyst']);
    const created = await post('/api/ai/schedules/', analyst, { cron: '*/2 * * * * *', query: 'role check' });
    expect(created.status).toBe(201);
    const id = created.body.schedule_id as string;

    // The owner's next request carries a token without the role.
    const demoted = t.token('role-user', []);
    expect((await get('/api/ai/schedules/', demoted)).status).toBe(200);
    const paused = await until(async () => {
      const body = (await get(`/api/ai/schedules/${id}`, demoted)).body;
      return body.state === 'paused' ? body : undefined;
    });
    expect(paused).toMatchObject({ paused_reason: 'Paused: the owner no longer has the role analyst', next_run_at: null });
    const runsWhenPaused = paused.recent_task_ids.length;

    const resumed = await post(`/api/ai/schedules/${id}/resume`, demoted, {});
    expect(resumed.body).toMatchObject({ state: 'active', paused_reason: null });
    await until(async () => ((await get(`/api/ai/schedules/${id}`, demoted)).body.recent_task_ids.length > runsWhenPaused ? true : undefined));
    expect((await get(`/api/ai/schedules/${id}`, demoted)).body.state).toBe('active');
    await del(`/api/ai/schedules/${id}`, demoted);
  });

  it('pauses a schedule whose owner has not been seen within the ledger\'s time', async () => {
    const token = t.token('gone-user', ['clinician']);
    const created = await post('/api/ai/schedules/', token, { cron: '*/2 * * * * *', query: 'still there?' });
    const id = created.body.schedule_id as string;
    await t.redis.del(`${t.prefix}:user-roles:gone-user`);
    const paused = await until(async () => {
      const raw = await t.redis.get(`${t.prefix}:schedule:${id}`);
      const stored = raw ? JSON.parse(raw) : undefined;
      return stored?.paused ? stored : undefined;
    });
    expect(paused.pausedReason).toMatch(/has not been seen for 30 days; resume to confirm/);
    await del(`/api/ai/schedules/${id}`, token);
  });
});
