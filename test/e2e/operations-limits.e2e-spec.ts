/**
 * Rate limits over HTTP: per user (JWT sub), separate limits for inline and background submits,
 * 429 with Retry-After in the one error shape, counters in Redis shared by API replicas, and
 * status polling and health never limited.
 */
import { createTestApp, type TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

const INLINE_LIMIT = 3;
const SUBMIT_LIMIT = 2;

describe('rate limits (e2e)', () => {
  let t: TestApp;
  let replica: TestApp | undefined;

  beforeAll(async () => {
    t = await createTestApp({
      mcp: 'test-tools',
      env: { RATE_LIMIT_INLINE_PER_MINUTE: String(INLINE_LIMIT), RATE_LIMIT_SUBMIT_PER_MINUTE: String(SUBMIT_LIMIT) },
    });
  });
  afterAll(async () => {
    await replica?.close();
    await t?.close();
  });

  const ask = (app: TestApp, token: string, body: Record<string, unknown>) =>
    app.request().post('/api/ai/query/').set('authorization', `Bearer ${token}`).send(body);

  it('answers 429 with Retry-After once a user spends the inline limit, and not before', async () => {
    const alice = t.token('limit-alice', ['clinician']);
    for (let i = 0; i < INLINE_LIMIT; i++) expect((await ask(t, alice, { query: `q${i}` })).status).toBe(200);

    const limited = await ask(t, alice, { query: 'one too many' });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ success: false, code: 'rate_limited', request_id: expect.any(String) });
    expect(limited.body.error).toMatch(/limit is 3 per 60 s/);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('counts per user, not per IP: another user from the same address is not limited', async () => {
    const carol = t.token('limit-carol', ['clinician']);
    for (let i = 0; i < INLINE_LIMIT; i++) await ask(t, carol, { query: `q${i}` });
    expect((await ask(t, carol, { query: 'limited' })).status).toBe(429);
    const dave = t.token('limit-dave', ['clinician']);
    expect((await ask(t, dave, { query: 'fresh user' })).status).toBe(200);
  });

  it('keeps a separate limit for background submits, and never limits status polling or health', async () => {
    const erin = t.token('limit-erin', ['clinician']);
    for (let i = 0; i < INLINE_LIMIT; i++) await ask(t, erin, { query: `q${i}` });
    expect((await ask(t, erin, { query: 'inline spent' })).status).toBe(429);

    const taskIds: string[] = [];
    for (let i = 0; i < SUBMIT_LIMIT; i++) {
      const queued = await ask(t, erin, { query: `bg${i}`, use_celery: true });
      expect(queued.status).toBe(202);
      taskIds.push(queued.body.task_id);
    }
    const limited = await ask(t, erin, { query: 'bg too many', use_celery: true });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();

    for (let i = 0; i < 10; i++) {
      const status = await t.request().get(`/api/ai/task/${taskIds[0]}/status/`).set('authorization', `Bearer ${erin}`);
      expect(status.status).toBe(200);
    }
    for (let i = 0; i < 10; i++) expect((await t.request().get('/api/ai/health/live')).status).toBe(200);
    for (const id of taskIds) await t.waitForTask(id, erin);
  });

  it('shares the counters through Redis, so a second API replica sees the same limit', async () => {
    replica = await createTestApp({
      role: 'api',
      mcp: false,
      env: {
        REDIS_KEY_PREFIX: t.prefix,
        RATE_LIMIT_INLINE_PER_MINUTE: String(INLINE_LIMIT),
        RATE_LIMIT_SUBMIT_PER_MINUTE: String(SUBMIT_LIMIT),
      },
    });
    const frank = t.token('limit-frank', ['clinician']);
    for (let i = 0; i < INLINE_LIMIT; i++) expect((await ask(t, frank, { query: `q${i}` })).status).toBe(200);
    const onReplica = await ask(replica, frank, { query: 'through the other replica' });
    expect(onReplica.status).toBe(429);
    const keys = await t.redis.keys(`${t.prefix}:throttle:*`);
    expect(keys.length).toBeGreaterThan(0);
  });
});
