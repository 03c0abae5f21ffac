/**
 * Every event stream of a task ends with its final event. A follower that starts while its task
 * finishes reads the history, then the status: a final state written between the two reads once
 * ended the stream without its final event (9–13% of submit-then-follow pairs in a soak). Here
 * fast tasks finish at every moment around their followers' start.
 */
import { openSse } from '../helpers/sse-client';
import { createTestApp, TestApp } from '../helpers/test-app';

const PAIRS = 500;
const PARALLEL = 10;

describe('task event streams end with the final event (e2e)', () => {
  let t: TestApp;
  let alice: string;

  beforeAll(async () => {
    t = await createTestApp({ mcp: false, env: { RATE_LIMIT_SUBMIT_PER_MINUTE: '100000', RATE_LIMIT_INLINE_PER_MINUTE: '100000' } });
    alice = t.token('alice', ['clinician']);
    t.llm.setDefault({ content: 'fast answer' });
  });
  afterAll(() => t.close());

  it(`gives the final event to each of ${PAIRS} followers started as their task finishes`, async () => {
    const misses: { taskId: string; statuses: string[] }[] = [];
    let next = 0;
    const pair = async (): Promise<void> => {
      const n = next++;
      const submitted = await t.request().post('/api/ai/query/').set('authorization', `Bearer ${alice}`).send({ query: `fast ${n}`, use_celery: true });
      expect(submitted.status).toBe(202);
      const taskId = submitted.body.task_id as string;
      // Followers start from at once to a few ms later: before, during and after the task's end.
      await new Promise((resolve) => setTimeout(resolve, n % 8));
      const stream = await openSse(t.url, `/api/ai/task/${taskId}/events/`, { token: alice });
      expect(stream.status).toBe(200);
      await stream.ended;
      const last = stream.events.at(-1);
      if (last?.event !== 'status' || last.data.status !== 'SUCCESS') misses.push({ taskId, statuses: stream.events.map((e) => `${e.event}:${e.data?.status}`) });
    };
    const lanes = Array.from({ length: PARALLEL }, async () => {
      while (next < PAIRS) await pair();
    });
    await Promise.all(lanes);
    expect(next).toBeGreaterThanOrEqual(PAIRS);
    expect(misses).toEqual([]);
  }, 120_000);
});
