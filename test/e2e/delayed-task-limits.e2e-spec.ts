/**
 * Tasks submitted to run later are bounded: `run_at`, like `delay_seconds`, at most 30 days ahead
 * (and not in the past beyond a few minutes of clock skew), refused with the validation error
 * shape and nothing written; and a user may have only DELAYED_TASKS_PER_USER_MAX tasks waiting
 * that are not yet due (409, as the schedules' cap), a cancelled or due task freeing its place.
 * A delayed task's callback_url is kept as long as the task may stay open.
 */
import { createTestApp, submitBackgroundQuery, type TestApp } from '../helpers/test-app';

const DAY_MS = 86_400_000;

describe('delayed task limits (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      mcp: false,
      env: { DELAYED_TASKS_PER_USER_MAX: '2', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_SECRET: 'webhook-secret-for-tests-0123456789' },
    });
  });
  afterAll(() => t.close());

  const submit = (token: string, body: Record<string, unknown>) => submitBackgroundQuery(t, token, body);
  const taskKeys = () => t.redis.keys(`${t.prefix}:task*`);
  const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

  it.each([
    ['9999-12-31T00:00:00Z', 'the far future'],
    [at(31 * DAY_MS), '31 days ahead'],
    [at(-3_600_000), 'an hour in the past'],
  ])('refuses run_at %s (%s) with a 400 naming run_at, and writes nothing', async (runAt) => {
    const token = t.token('bounds-user');
    const before = await taskKeys();
    const res = await submit(token, { query: 'much later', run_at: runAt });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      success: false,
      code: 'validation_failed',
      details: [{ field: 'run_at', errors: [expect.stringMatching(/at most 30 days ahead/)] }],
    });
    expect(await taskKeys()).toEqual(before);
  });

  it('does not run a delayed task whose requester has since lost the role it was submitted with', async () => {
    const analyst = t.token('ann-delayed', ['analyst']);
    const post = (bearer: string, body: Record<string, unknown>) => t.request().post('/api/ai/database/').set('authorization', `Bearer ${bearer}`).send(body);
    const queued = await post(analyst, { query: 'SELECT count(*) AS n FROM patients', delay_seconds: 3 }).expect(202);
    // Her next token carries no role: the service sees it, and refuses her the same query now.
    const revoked = t.token('ann-delayed', []);
    expect((await post(revoked, { query: 'SELECT count(*) AS n FROM patients' })).status).toBe(403);
    const task = await t.waitForTask(queued.body.task_id, revoked, { timeoutMs: 30_000 });
    expect(task.status).toBe('FAILURE');
    expect(task.result).toMatchObject({ success: false, code: 'forbidden', error: expect.stringMatching(/no longer has the role analyst/), attempts: 1 });
    expect(task.result.rows).toBeUndefined();
  });

  it('answers an out-of-range run_at in the same shape as an out-of-range delay_seconds', async () => {
    const token = t.token('bounds-user');
    const delay = await submit(token, { query: 'later', delay_seconds: 2_592_001 });
    const runAt = await submit(token, { query: 'later', run_at: at(31 * DAY_MS) });
    expect(delay.status).toBe(400);
    expect(Object.keys(runAt.body).sort()).toEqual(Object.keys(delay.body).sort());
    expect(runAt.body.details[0]).toEqual({ field: 'run_at', errors: expect.any(Array) });
    expect(delay.body.details[0]).toEqual({ field: 'delay_seconds', errors: expect.any(Array) });
  });

  it('accepts a run_at 29 days ahead, and one a minute in the past (it runs now)', async () => {
    const token = t.token('within-user');
    const later = await submit(token, { query: 'in four weeks', run_at: at(29 * DAY_MS) });
    expect(later.status).toBe(202);
    const skewed = await submit(token, { query: 'a client clock behind', run_at: at(-60_000) });
    expect(skewed.status).toBe(202);
    expect((await t.waitForTask(skewed.body.task_id, token)).status).toBe('SUCCESS');
  });

  it('caps the tasks one user has waiting; another user and an immediate task are not affected, a cancelled or due one frees a place', async () => {
    const token = t.token('cap-user');
    const first = await submit(token, { query: 'first', delay_seconds: 3600 });
    const second = await submit(token, { query: 'second', run_at: at(DAY_MS) });
    expect([first.status, second.status]).toEqual([202, 202]);

    const third = await submit(token, { query: 'one too many', delay_seconds: 60 });
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({ success: false, code: 'conflict', details: { delayed_tasks_per_user_max: 2 } });
    expect(third.body.error).toMatch(/2 tasks waiting for their run_at or delay_seconds/);

    expect((await submit(token, { query: 'right now' })).status).toBe(202);
    expect((await submit(t.token('cap-other'), { query: 'mine', delay_seconds: 3600 })).status).toBe(202);

    const cancelled = await t.request().delete(`/api/ai/task/${first.body.task_id}/`).set('authorization', `Bearer ${token}`);
    expect(cancelled.status).toBe(200);
    const soon = await submit(token, { query: 'due in a second', delay_seconds: 1 });
    expect(soon.status).toBe(202);
    expect((await submit(token, { query: 'still full', delay_seconds: 60 })).status).toBe(409);

    await t.waitForTask(soon.body.task_id, token);
    expect((await submit(token, { query: 'the due one left', delay_seconds: 60 })).status).toBe(202);
  });

  it("keeps a delayed task's callback_url registered for as long as the task may stay open (7 days plus its delay)", async () => {
    const token = t.token('hook-user');
    const delaySeconds = 20 * 86_400;
    const res = await submit(token, { query: 'in twenty days', delay_seconds: delaySeconds, callback_url: 'http://127.0.0.1:9/hook' });
    expect(res.status).toBe(202);
    const registration = await t.redis.ttl(`${t.prefix}:webhook:${res.body.task_id}`);
    const record = await t.redis.ttl((await t.redis.keys(`${t.prefix}:task*${res.body.task_id}`))[0]);
    expect(record).toBeGreaterThan(7 * 86_400 + delaySeconds - 60);
    expect(registration).toBeGreaterThan(record);
  });
});
