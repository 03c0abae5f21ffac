/**
 * Live task followers (SSE event streams, `wait_seconds` submits) share one blocking Redis
 * connection per API process (TaskStreamHub), and are capped per process (TASK_FOLLOWERS_MAX):
 * beyond the cap an event stream answers 503 with Retry-After before any event, a wait gives up
 * at once (the 202 goes out as without a wait), and capacity comes back when a follower leaves.
 */
import { openSse, type SseStream } from '../helpers/sse-client';
import { createTestApp, submitBackgroundQuery, TestApp } from '../helpers/test-app';

/** Opens one follower per slow task and waits until every stream is live (past its backlog). */
async function holdFollowers(runs: number[], open: (n: number) => Promise<SseStream>): Promise<SseStream[]> {
  const held: SseStream[] = [];
  for (const n of runs) {
    const stream = await open(n);
    expect(stream.status).toBe(200);
    await stream.waitFor((e) => e.data.status === 'PENDING' || e.data.status === 'PROGRESS');
    held.push(stream);
  }
  await new Promise((r) => setTimeout(r, 200)); // past the backlog: the live reads are open
  return held;
}

describe('task followers (e2e)', () => {
  let t: TestApp;
  let alice: string;

  beforeAll(async () => {
    t = await createTestApp({ mcp: false, env: { TASK_FOLLOWERS_MAX: '3' } });
    alice = t.token('alice', ['clinician']);
  });
  afterAll(() => t.close());
  beforeEach(() => t.llm.reset());

  const submit = (body: Record<string, unknown>) =>
    t.request().post('/api/ai/query/').set('authorization', `Bearer ${alice}`).send({ use_celery: true, ...body });
  const eventsPath = (id: string) => `/api/ai/task/${id}/events/`;

  const eventConnections = async () => ((await t.redis.client('LIST')) as string).split('\n').filter((l) => l.includes(`name=${t.prefix}:task-events `)).length;

  it('follows several tasks over one Redis connection, each stream getting its own events to the end', async () => {
    t.llm.setDefault({ content: 'shared answer', delayMs: 600 });
    const ids = await Promise.all([1, 2, 3].map(async (n) => (await submit({ query: `shared ${n}` })).body.task_id as string));
    const streams = await Promise.all(ids.map((id) => openSse(t.url, eventsPath(id), { token: alice })));
    await Promise.all(streams.map((s) => s.waitFor((e) => e.data.status === 'PROGRESS')));
    // The hub connects on first use: give it a moment, then there is exactly one connection.
    for (let i = 0; i < 50 && (await eventConnections()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await eventConnections()).toBe(1);
    await Promise.all(streams.map((s) => s.ended));
    streams.forEach((s, i) => {
      expect(s.events.at(-1)?.data).toMatchObject({ task_id: ids[i], status: 'SUCCESS', result: { response: 'shared answer' } });
      expect(new Set(s.events.map((e) => e.id)).size).toBe(s.events.length);
    });
  });

  it('ends a stream whose task expired while it was followed', async () => {
    t.llm.setDefault({ content: 'never seen', delayMs: 5000 });
    const task = await submit({ query: 'expires' });
    const stream = await openSse(t.url, eventsPath(task.body.task_id), { token: alice });
    await stream.waitFor((e) => e.data.status === 'PENDING' || e.data.status === 'PROGRESS');
    await t.redis.del(`${t.prefix}:task:${task.body.task_id}:events`); // what the TTL does
    const started = Date.now();
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(3000); // within a read or two (1 s each)
    expect(stream.events.every((e) => e.data.status !== 'SUCCESS')).toBe(true);
  });

  it('answers 503 past the cap, skips waits, and recovers when a follower leaves', async () => {
    t.llm.setDefault({ content: 'slow answer', delayMs: 2000 });
    const held = await holdFollowers([1, 2, 3], async (n) => {
      const task = await submit({ query: `held ${n}` });
      return openSse(t.url, eventsPath(task.body.task_id), { token: alice });
    });

    const second = await submit({ query: 'second' });
    const refused = await openSse(t.url, eventsPath(second.body.task_id), { token: alice });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(JSON.parse(refused.text())).toMatchObject({ success: false, code: 'service_overloaded' });

    const started = Date.now();
    const waited = await submit({ query: 'third', wait_seconds: 10 });
    expect(waited.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(1500); // did not wait for the 2 s answer

    held[0].close();
    await new Promise((r) => setTimeout(r, 200));
    const again = await openSse(t.url, eventsPath(second.body.task_id), { token: alice });
    expect(again.status).toBe(200);
    await again.ended;
    expect(again.events.at(-1)?.data).toMatchObject({ status: 'SUCCESS' });
    held.forEach((s) => s.close());
  });
});

describe('task followers per user (e2e)', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    t = await createTestApp({ mcp: false, env: { TASK_FOLLOWERS_MAX: '10', TASK_FOLLOWERS_PER_USER_MAX: '2' } });
    alice = t.token('alice', ['clinician']);
    bob = t.token('bob', ['clinician']);
  });
  afterAll(() => t.close());

  const submit = (token: string, body: Record<string, unknown>) => submitBackgroundQuery(t, token, body);
  const follow = async (token: string, taskId: string) => openSse(t.url, `/api/ai/task/${taskId}/events/`, { token });

  it('answers 503 with Retry-After to a user past their own cap, skips their waits, and still serves other users', async () => {
    t.llm.setDefault({ content: 'slow answer', delayMs: 2500 });
    const held = await holdFollowers([1, 2], async (n) => {
      const task = await submit(alice, { query: `alice held ${n}` });
      return follow(alice, task.body.task_id);
    });

    const third = await submit(alice, { query: 'alice third' });
    const refused = await follow(alice, third.body.task_id);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(JSON.parse(refused.text())).toMatchObject({ success: false, code: 'service_overloaded', error: expect.stringMatching(/one user/) });
    // A wait past the cap is skipped: the task is still running when the 202 answers.
    const waited = await submit(alice, { query: 'alice waits', wait_seconds: 10 });
    expect(waited.status).toBe(202);
    expect(waited.body.result).toBeUndefined();

    const bobs = await submit(bob, { query: 'bob follows' });
    const served = await follow(bob, bobs.body.task_id);
    expect(served.status).toBe(200);
    await served.ended;
    expect(served.events.at(-1)?.data).toMatchObject({ status: 'SUCCESS' });
    held.forEach((s) => s.close());
  });
});
