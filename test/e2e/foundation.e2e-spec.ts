/**
 * The seed's contract end to end over HTTP: auth, validation, inline and queued queries, task
 * status with its states, retries, failures, TTL expiry and ownership.
 */
import jwt from 'jsonwebtoken';
import { signToken, TestApp } from '../helpers/test-app';
import { useTestApp } from '../helpers/shared-app';

describe('MedCor AI service (foundation, e2e)', () => {
  let t: TestApp;
  let alice: string;

  useTestApp({ mcp: 'test-tools', env: { TASK_TTL_QUERY_SECONDS: '2' } }, (app) => {
    t = app;
    alice = app.token('alice', ['clinician']);
  });

  const post = (path: string, token: string | null, body: unknown) => {
    const req = t.request().post(path).set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    return req.send(JSON.stringify(body));
  };

  describe('authentication', () => {
    it('refuses a request without a token with 401 JSON', async () => {
      const res = await post('/api/ai/query/', null, { query: 'hi' });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ success: false, code: 'unauthorized' });
      expect(res.body.request_id).toEqual(expect.any(String));
    });

    it('refuses an expired token', async () => {
      const expired = t.token('alice', [], { iat: Math.floor(Date.now() / 1000) - 120, exp: Math.floor(Date.now() / 1000) - 60 });
      const res = await post('/api/ai/query/', expired, { query: 'hi' });
      expect(res.status).toBe(401);
      expect(res.body.error).toMatch(/expired/);
    });

    it('refuses a token signed with another secret', async () => {
      const forged = signToken('alice', [], {}, 'another-secret-that-is-long-enough-000000');
      expect((await post('/api/ai/query/', forged, { query: 'hi' })).status).toBe(401);
    });

    it('refuses an alg:none token', async () => {
      const none = jwt.sign({ sub: 'alice' }, '', { algorithm: 'none' });
      expect((await post('/api/ai/query/', none, { query: 'hi' })).status).toBe(401);
    });

    it('refuses a token without sub', async () => {
      const noSub = jwt.sign({ roles: [] }, t.secrets.JWT_SECRET, { expiresIn: '1h' });
      expect((await post('/api/ai/query/', noSub, { query: 'hi' })).status).toBe(401);
    });

    it('serves health without a token', async () => {
      const res = await t.request().get('/api/ai/health/');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ mcp_available: true, llm_available: true });
      expect(['healthy', 'degraded']).toContain(res.body.status);
      expect(typeof res.body.celery_available).toBe('boolean');
      expect((await t.request().get('/api/ai/health/live')).status).toBe(200);
    });
  });

  describe('validation', () => {
    it('rejects unknown fields and bad enums with details per field', async () => {
      const res = await post('/api/ai/query/', alice, { query: 'hi', query_type: 'poetry', extra: 1 });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      const fields = res.body.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['query_type', 'extra']));
    });

    it('rejects a query over the length limit', async () => {
      const res = await post('/api/ai/query/', alice, { query: 'x'.repeat(20_001) });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.details)).toMatch(/at most 20000/);
    });

    it('rejects a context over its size limit, for queries and schedules alike', async () => {
      // Thousands of contact names: each would be matched in every message sent to the model.
      const context = { contacts: Array.from({ length: 800 }, (_, i) => ({ contact: `Zq${i} Xv${i}` })) };
      const res = await post('/api/ai/query/', alice, { query: 'hi', context });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.details)).toMatch(/context must be at most 16384 bytes/);
      const schedule = await post('/api/ai/schedules/', alice, { cron: '0 * * * *', query: 'hi', context });
      expect(schedule.status).toBe(400);
      expect(JSON.stringify(schedule.body.details)).toMatch(/context must be at most 16384 bytes/);
    });

    it('answers malformed JSON with 400 malformed_json', async () => {
      const res = await t.request().post('/api/ai/query/').set('authorization', `Bearer ${alice}`).set('content-type', 'application/json').send('{"query": ');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ success: false, code: 'malformed_json' });
    });

    it('answers a body over the limit with 413', async () => {
      const res = await post('/api/ai/query/', alice, { query: 'x'.repeat(1_100_000) });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ success: false, code: 'payload_too_large' });
    });

    it('answers an unknown route with the error shape', async () => {
      const res = await t.request().get('/api/ai/nothing').set('authorization', `Bearer ${alice}`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ success: false, code: 'not_found' });
    });
  });

  describe('inline and queued queries', () => {
    it('answers a short query inline in the seed shape, with and without the trailing slash', async () => {
      for (const path of ['/api/ai/query/', '/api/ai/query']) {
        t.llm.script({ content: 'HbA1c below 5.7% is normal.' });
        const res = await post(path, alice, { query: 'Normal HbA1c?' });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          success: true,
          response: 'HbA1c below 5.7% is normal.',
          query_type: 'general',
          tools_used: [],
          mcp_available: true,
          routing: { mode: 'inline', rule: 'short_query' },
        });
        expect(typeof res.body.processing_time).toBe('number');
      }
    });

    it('lists exactly the MCP tools the model called, in order', async () => {
      t.llm.script(
        { toolCalls: [{ name: 'echo', arguments: { message: 'one' } }] },
        { toolCalls: [{ name: 'add', arguments: { a: 2, b: 3 } }] },
        { content: 'done' },
      );
      // A second tool round hands the query over to a worker (INLINE_MAX_TOOL_ROUNDS=1).
      const res = await post('/api/ai/query/', alice, { query: 'use tools' });
      expect(res.status).toBe(202);
      const done = await t.waitForTask(res.body.task_id, alice);
      expect(done.result.tools_used).toEqual(['echo', 'add']);
      // The tool's output went back to the model, delimited as data.
      const toolMessage = t.llm.requests[2].body.messages.find((m: { role: string }) => m.role === 'tool');
      expect(toolMessage?.content).toMatch(/<tool_result tool="echo"/);
    });

    it('queues with use_celery and the task ends SUCCESS with the seed result shape', async () => {
      t.llm.script({ content: 'background answer' });
      const res = await post('/api/ai/query/', alice, { query: 'hi', use_celery: true });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ status: 'PENDING', message: expect.any(String), estimated_time: expect.any(String) });
      expect(res.body.task_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.routing).toMatchObject({ mode: 'background', rule: 'use_celery' });
      const done = await t.waitForTask(res.body.task_id, alice);
      expect(done).toMatchObject({ status: 'SUCCESS', progress: 100, result: { success: true, response: 'background answer' } });
    });

    it('queues a query over 500 characters', async () => {
      const res = await post('/api/ai/query/', alice, { query: 'q'.repeat(501) });
      expect(res.status).toBe(202);
      expect(res.body.routing.rule).toBe('long_query');
      await t.waitForTask(res.body.task_id, alice);
    });

    it('answers system questions inline from live state without the LLM', async () => {
      const before = t.llm.requestCount;
      const res = await post('/api/ai/query/', alice, { query: 'are the tools up?', query_type: 'system' });
      expect(res.status).toBe(200);
      expect(res.body.routing.rule).toBe('system_query');
      expect(res.body.response).toMatch(/MCP tools server: available/);
      expect(res.body.response).toMatch(/Queue ai-query: \d+ waiting/);
      expect(t.llm.requestCount).toBe(before);
    });
  });

  describe('task status', () => {
    it('hides another user\'s task behind 404', async () => {
      const res = await post('/api/ai/query/', alice, { query: 'mine', use_celery: true });
      const bob = t.token('bob');
      const other = await t.request().get(`/api/ai/task/${res.body.task_id}/status/`).set('authorization', `Bearer ${bob}`);
      expect(other.status).toBe(404);
      expect(other.body.code).toBe('not_found');
      await t.waitForTask(res.body.task_id, alice);
    });

    it('answers 404 for an unknown or malformed id', async () => {
      const unknown = await t.request().get('/api/ai/task/00000000-0000-4000-8000-000000000000/status').set('authorization', `Bearer ${alice}`);
      expect(unknown.status).toBe(404);
      const malformed = await t.request().get('/api/ai/task/not-a-uuid/status/').set('authorization', `Bearer ${alice}`);
      expect(malformed.status).toBe(404);
    });

    it('retries a transient LLM failure: RETRY, then SUCCESS', async () => {
      t.llm.script({ error: { status: 500 } }, { error: { status: 500 } }, { content: 'third time lucky' });
      const res = await post('/api/ai/query/', alice, { query: 'flaky', use_celery: true });
      const retrying = await t.waitForTask(res.body.task_id, alice, { until: (b) => b.status === 'RETRY' || b.status === 'SUCCESS' });
      expect(retrying.status).toBe('RETRY');
      expect(retrying.message).toBe('Attempt 1 of 4 failed (llm_unavailable); retrying');
      const done = await t.waitForTask(res.body.task_id, alice);
      expect(done.status).toBe('SUCCESS');
      expect(done.result.response).toBe('third time lucky');
      expect(done.attempts).toBe(3);
    });

    it('fails at once on a permanent error with an actionable message', async () => {
      t.llm.script({ error: { status: 400, message: 'bad request' } });
      const res = await post('/api/ai/query/', alice, { query: 'doomed', use_celery: true });
      const done = await t.waitForTask(res.body.task_id, alice);
      expect(done.status).toBe('FAILURE');
      expect(done.result).toMatchObject({ success: false, error: expect.stringMatching(/rejected the request \(400\)/), attempts: 1 });
    });

    it('gives up after the retries and reports FAILURE', async () => {
      t.llm.setDefault({ error: { status: 503 } });
      const res = await post('/api/ai/query/', alice, { query: 'down', use_celery: true });
      const done = await t.waitForTask(res.body.task_id, alice, { timeoutMs: 30000 });
      t.llm.setDefault(null);
      expect(done.status).toBe('FAILURE');
      expect(done.result).toMatchObject({ success: false, attempts: 4 });
      expect(done.message).toMatch(/after 4 attempts/);
    });

    it('expires a result after its TTL and then answers 404 saying so', async () => {
      t.llm.script({ content: 'short-lived' });
      const res = await post('/api/ai/query/', alice, { query: 'ttl', use_celery: true });
      await t.waitForTask(res.body.task_id, alice);
      await new Promise((r) => setTimeout(r, 2600));
      const gone = await t.request().get(`/api/ai/task/${res.body.task_id}/status/`).set('authorization', `Bearer ${alice}`);
      expect(gone.status).toBe(404);
      expect(gone.body.error).toMatch(/expired/);
    });
  });
});
