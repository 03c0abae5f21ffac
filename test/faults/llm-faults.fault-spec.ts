/**
 * The model server misbehaving: 429 with Retry-After, 500s, and an answer that never comes. Each
 * task retries (transient errors only) and ends SUCCESS, or FAILURE with the error shape, once.
 */
import { createTestApp, TestApp } from '../helpers/test-app';
import { successEvents } from './fault-harness';

describe('LLM server faults', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp({
      mcp: false,
      env: { OPENAI_TIMEOUT_MS: '1000', TASK_MAX_RETRIES: '2', TASK_BACKOFF_MS: '100' },
    });
    token = t.token('llm-fault-user');
  });

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(() => t.llm.reset());

  async function runTask(query: string) {
    const res = await t.request().post('/api/ai/query/').set('authorization', `Bearer ${token}`).send({ query, use_celery: true });
    expect(res.status).toBe(202);
    const body = await t.waitForTask(res.body.task_id, token, { timeoutMs: 30000 });
    const successes = (await successEvents(t.redis, t.prefix, [res.body.task_id])).get(res.body.task_id);
    return { body, successes, requests: t.llm.requests };
  }

  it('waits out a 429 with Retry-After, then succeeds once', async () => {
    t.llm.script({ error: { status: 429, retryAfter: 1 } }, { content: 'after the rate limit' });
    const { body, successes, requests } = await runTask('rate limited');
    expect(body).toMatchObject({ status: 'SUCCESS', attempts: 2, result: { response: 'after the rate limit' } });
    expect(successes).toBe(1);
    expect(requests).toHaveLength(2);
    // The retry honours Retry-After (1 s), not only the 100 ms backoff.
    expect(requests[1].receivedAt - requests[0].receivedAt).toBeGreaterThanOrEqual(950);
  });

  it('retries 500s and succeeds when the server comes back', async () => {
    t.llm.script({ error: { status: 500 } }, { error: { status: 502 } }, { content: 'recovered' });
    const { body, successes, requests } = await runTask('flaky server');
    expect(body).toMatchObject({ status: 'SUCCESS', attempts: 3, result: { response: 'recovered' } });
    expect(successes).toBe(1);
    expect(requests).toHaveLength(3);
  });

  it('fails cleanly after the last retry when the server keeps answering 500', async () => {
    t.llm.setDefault({ error: { status: 500 } });
    const { body, successes, requests } = await runTask('broken server');
    expect(body.status).toBe('FAILURE');
    expect(body.result).toMatchObject({ success: false, code: expect.any(String), error: expect.stringContaining('500'), attempts: 3 });
    expect(successes).toBe(0);
    expect(requests).toHaveLength(3);
  });

  it('abandons an answer that never comes at the timeout, retries, and succeeds', async () => {
    t.llm.script({ hang: true }, { content: 'answered the second time' });
    const { body, successes, requests } = await runTask('hanging server');
    expect(body).toMatchObject({ status: 'SUCCESS', attempts: 2, result: { response: 'answered the second time' } });
    expect(successes).toBe(1);
    expect(requests).toHaveLength(2);
    expect(requests[0].aborted).toBe(true);
  });
});
