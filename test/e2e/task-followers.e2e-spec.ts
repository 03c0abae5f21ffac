/**
 * Live task followers are capped per API process (TASK_FOLLOWERS_MAX): each SSE event stream and
 * each `wait_seconds` submit holds a Redis connection while it waits. Beyond the cap an event
 * stream answers 503 with Retry-After before any event, a wait gives up at once (the 202 goes
 * out as without a wait), and capacity comes back when a follower leaves.
 */
import { openSse } from '../helpers/sse-client';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('task followers cap (e2e)', () => {
  let t: TestApp;
  let alice: string;

  beforeAll(async () => {
    t = await createTestApp({ mcp: false, env: { TASK_FOLLOWERS_MAX: '1' } });
    alice = t.token('alice', ['clinician']);
  });
  afterAll(() => t.close());

  const submit = (body: Record<string, unknown>) =>
    t.request().post('/api/ai/query/').set('authorization', `Bearer ${alice}`).send({ use_celery: true, ...body });
  const eventsPath = (id: string) => `/api/ai/task/${id}/events/`;

  it('answers 503 past the cap, skips waits, and recovers when a follower leaves', async () => {
    t.llm.setDefault({ content: 'slow answer', delayMs: 2000 });
    const first = await submit({ query: 'first' });
    const held = await openSse(t.url, eventsPath(first.body.task_id), { token: alice });
    expect(held.status).toBe(200);
    await held.waitFor((e) => e.data.status === 'PENDING' || e.data.status === 'PROGRESS');
    await new Promise((r) => setTimeout(r, 200)); // past the backlog: the live read is open

    const second = await submit({ query: 'second' });
    const refused = await openSse(t.url, eventsPath(second.body.task_id), { token: alice });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(JSON.parse(refused.text())).toMatchObject({ success: false, code: 'service_overloaded' });

    const started = Date.now();
    const waited = await submit({ query: 'third', wait_seconds: 10 });
    expect(waited.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(1500); // did not wait for the 2 s answer

    held.close();
    await new Promise((r) => setTimeout(r, 200));
    const again = await openSse(t.url, eventsPath(second.body.task_id), { token: alice });
    expect(again.status).toBe(200);
    await again.ended;
    expect(again.events.at(-1)?.data).toMatchObject({ status: 'SUCCESS' });
  });
});
