/**
 * Issue 9 end to end over HTTP: streaming answers, task event streams with Last-Event-ID resume,
 * wait-then-queue, cancellation (also from another API instance), idempotent submission, signed
 * webhooks, model fallback and usage.
 */
import { createHmac } from 'node:crypto';
import { startWebhookReceiver, type WebhookDelivery, type WebhookReceiver } from '../helpers/webhook-receiver';
import { createTestApp, TestApp } from '../helpers/test-app';
import { openSse, SseEvent } from '../helpers/sse-client';
import { until } from '../helpers/until';

const WEBHOOK_SECRET = 'webhook-secret-for-tests-0123456789';

describe('issue 9 enhancements (e2e)', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    t = await createTestApp({
      mcp: false,
      env: {
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        WEBHOOK_SECRET,
        OPENAI_FALLBACK_MODELS: 'gpt-fallback',
        TASK_TTL_QUERY_SECONDS: '600',
      },
    });
    alice = t.token('alice', ['clinician']);
    bob = t.token('bob', ['clinician']);
  });
  afterAll(() => t.close());
  beforeEach(() => t.llm.reset());

  const post = (path: string, token: string, body: unknown, headers: Record<string, string> = {}) => {
    const req = t.request().post(path).set('authorization', `Bearer ${token}`).set('content-type', 'application/json');
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    return req.send(JSON.stringify(body));
  };
  const status = (taskId: string, token = alice) => t.request().get(`/api/ai/task/${taskId}/status/`).set('authorization', `Bearer ${token}`);

  describe('streaming answers (stream: true)', () => {
    it('sends the tokens as SSE as they arrive, then the inline shape', async () => {
      t.llm.script({ content: 'HbA1c below 5.7 percent is normal.', chunkDelayMs: 15 });
      const s = await openSse(t.url, '/api/ai/query/', { method: 'POST', token: alice, body: { query: 'Normal HbA1c?', stream: true } });
      expect(s.status).toBe(200);
      expect(s.headers['content-type']).toMatch(/^text\/event-stream/);
      await s.ended;
      const tokens = s.events.filter((e) => e.event === 'token');
      expect(tokens.length).toBeGreaterThan(1);
      expect(tokens.map((e) => e.data.token).join('')).toBe('HbA1c below 5.7 percent is normal.');
      const last = s.events.at(-1) as SseEvent;
      expect(last.event).toBe('result');
      expect(last.data).toMatchObject({
        success: true,
        response: 'HbA1c below 5.7 percent is normal.',
        query_type: 'general',
        tools_used: [],
        routing: { mode: 'inline', rule: 'short_query' },
      });
      expect(typeof last.data.processing_time).toBe('number');
      expect(t.llm.lastRequest()?.body.stream).toBe(true);
    });

    it('stops the LLM call when the client disconnects', async () => {
      t.llm.script({ content: 'one two three four five six seven eight nine ten eleven twelve', chunkDelayMs: 250 });
      const s = await openSse(t.url, '/api/ai/query/', { method: 'POST', token: alice, body: { query: 'long answer', stream: true } });
      await s.waitFor((e) => e.event === 'token');
      s.close();
      await t.llm.idle(3000);
      const upstream = t.llm.lastRequest();
      expect(upstream?.aborted).toBe(true);
      expect((upstream?.finishedAt ?? Infinity) - (upstream?.receivedAt ?? 0)).toBeLessThan(2500);
    });

    it('answers a queued request 202 as usual even with stream: true', async () => {
      const res = await post('/api/ai/query/', alice, { query: 'q', stream: true, use_celery: true });
      expect(res.status).toBe(202);
      await t.waitForTask(res.body.task_id, alice);
    });
  });

  describe('task event streams', () => {
    const eventsPath = (id: string) => `/api/ai/task/${id}/events/`;

    it('streams every state change with stream ids and ends with the result', async () => {
      t.llm.script({ content: 'streamed result', delayMs: 300 });
      const res = await post('/api/ai/query/', alice, { query: 'bg', use_celery: true });
      const s = await openSse(t.url, eventsPath(res.body.task_id), { token: alice });
      expect(s.status).toBe(200);
      await s.ended;
      const statuses = s.events.map((e) => e.data.status);
      expect(statuses[0]).toBe('PENDING');
      expect(statuses).toContain('PROGRESS');
      expect(statuses.at(-1)).toBe('SUCCESS');
      expect(s.events.at(-1)?.data.result).toMatchObject({ success: true, response: 'streamed result' });
      expect(s.events.every((e) => /^\d+-\d+$/.test(e.id ?? ''))).toBe(true);
      expect(new Set(s.events.map((e) => e.id)).size).toBe(s.events.length);
    });

    it('resumes after a disconnect from Last-Event-ID: every missed event, none twice', async () => {
      t.llm.script({ content: 'resumed', delayMs: 700 });
      const res = await post('/api/ai/query/', alice, { query: 'resume me', use_celery: true });
      const id = res.body.task_id as string;
      const first = await openSse(t.url, eventsPath(id), { token: alice });
      await first.waitFor((e) => e.data.status === 'PROGRESS');
      first.close();
      const seen = [...first.events];
      await t.waitForTask(id, alice);
      const second = await openSse(t.url, eventsPath(id), { token: alice, headers: { 'last-event-id': seen.at(-1)?.id as string } });
      await second.ended;
      const full = await openSse(t.url, eventsPath(id), { token: alice });
      await full.ended;
      const combined = [...seen, ...second.events].map((e) => e.id);
      expect(second.events.length).toBeGreaterThan(0);
      expect(combined).toEqual(full.events.map((e) => e.id));
      expect(full.events.at(-1)?.data.status).toBe('SUCCESS');

      // Seconds after the final event the stream expires and the record serves the same replay.
      await t.redis.del(`${t.prefix}:task:${id}:events`);
      const fromRecord = await openSse(t.url, eventsPath(id), { token: alice });
      await fromRecord.ended;
      expect(fromRecord.events.map((e) => [e.id, e.data])).toEqual(full.events.map((e) => [e.id, e.data]));
      const resumed = await openSse(t.url, eventsPath(id), { token: alice, headers: { 'last-event-id': seen.at(-1)?.id as string } });
      await resumed.ended;
      expect(resumed.events.map((e) => [e.id, e.data])).toEqual(second.events.map((e) => [e.id, e.data]));
    });

    it('replays a task that finished before the client connected', async () => {
      t.llm.script({ content: 'already done' });
      const res = await post('/api/ai/query/', alice, { query: 'done', use_celery: true });
      await t.waitForTask(res.body.task_id, alice);
      const s = await openSse(t.url, eventsPath(res.body.task_id), { token: alice });
      await s.ended;
      expect(s.events[0].data.status).toBe('PENDING');
      expect(s.events.at(-1)?.data).toMatchObject({ status: 'SUCCESS', result: { response: 'already done' } });
    });

    it('answers 404 to anyone but the owner', async () => {
      const res = await post('/api/ai/query/', alice, { query: 'mine', use_celery: true });
      const other = await t.request().get(eventsPath(res.body.task_id)).set('authorization', `Bearer ${bob}`);
      expect(other.status).toBe(404);
      expect(other.body.code).toBe('not_found');
      await t.waitForTask(res.body.task_id, alice);
    });
  });

  describe('wait-then-queue', () => {
    it('answers 200 in the inline shape when the task finishes within wait_seconds', async () => {
      t.llm.script({ content: 'quick enough', delayMs: 200 });
      const res = await post('/api/ai/query/', alice, { query: 'wait for me', use_celery: true, wait_seconds: 5 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ success: true, response: 'quick enough', routing: { mode: 'background', rule: 'wait_then_queue' } });
      expect(res.body.task_id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers 202 after Prefer: wait=1 when the task is slower', async () => {
      t.llm.script({ content: 'too slow', delayMs: 2500 });
      const started = Date.now();
      const res = await post('/api/ai/query/', alice, { query: 'slow', use_celery: true }, { prefer: 'wait=1' });
      const elapsed = Date.now() - started;
      expect(res.status).toBe(202);
      expect(res.headers['preference-applied']).toBe('wait=1');
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(2400);
      await t.waitForTask(res.body.task_id, alice);
    });
  });

  describe('cancellation', () => {
    const cancel = (id: string, token = alice, app = t) => app.request().delete(`/api/ai/task/${id}/`).set('authorization', `Bearer ${token}`);

    it('removes a waiting task from the queue', async () => {
      const res = await post('/api/ai/query/', alice, { query: 'later', delay_seconds: 60 });
      expect(res.status).toBe(202);
      const out = await cancel(res.body.task_id);
      expect(out.status).toBe(200);
      expect(out.body).toMatchObject({ status: 'CANCELLED', message: expect.stringMatching(/removed from the queue/) });
      expect((await status(res.body.task_id)).body.status).toBe('CANCELLED');
      const queue = t.app.get('BullQueue_ai-query', { strict: false }) as import('bull').Queue;
      expect(await queue.getJob(res.body.task_id)).toBeNull();
    });

    it('aborts a running task within a second, and refuses a second cancel with 409', async () => {
      t.llm.script({ hang: true });
      const res = await post('/api/ai/query/', alice, { query: 'hang', use_celery: true });
      await until(() => t.llm.inFlight === 1);
      const sent = Date.now();
      expect((await cancel(res.body.task_id)).status).toBe(200);
      await until(() => t.llm.lastRequest()?.aborted === true, 1000);
      expect(Date.now() - sent).toBeLessThan(1000);
      expect((await status(res.body.task_id)).body).toMatchObject({ status: 'CANCELLED', result: { code: 'cancelled' } });
      const again = await cancel(res.body.task_id);
      expect(again.status).toBe(409);
    });

    it('answers 404 to another user\'s cancel, and the task runs to its normal end', async () => {
      t.llm.setDefault({ content: 'not cancelled', delayMs: 500 });
      const res = await post('/api/ai/query/', alice, { query: 'keep running', use_celery: true });
      await until(() => t.llm.inFlight === 1);
      const out = await cancel(res.body.task_id, bob);
      expect(out.status).toBe(404);
      expect(out.body.code).toBe('not_found');
      const done = await t.waitForTask(res.body.task_id, alice);
      expect(done).toMatchObject({ status: 'SUCCESS', result: { response: 'not cancelled' } });
      expect(t.llm.lastRequest()?.aborted).not.toBe(true);
    });

    it('refuses to cancel a finished task (409)', async () => {
      const res = await post('/api/ai/query/', alice, { query: 'fast', use_celery: true });
      await t.waitForTask(res.body.task_id, alice);
      const out = await cancel(res.body.task_id);
      expect(out.status).toBe(409);
      expect(out.body.code).toBe('conflict');
    });

    it('cancels from a different API instance than the one that queued the task', async () => {
      const other = await createTestApp({ role: 'api', mcp: false, env: { REDIS_KEY_PREFIX: t.prefix } });
      try {
        t.llm.script({ hang: true });
        const res = await post('/api/ai/query/', alice, { query: 'cross-replica', use_celery: true });
        await until(() => t.llm.inFlight === 1);
        const out = await cancel(res.body.task_id, alice, other);
        expect(out.status).toBe(200);
        await until(() => t.llm.lastRequest()?.aborted === true, 1000);
        const seen = await other.request().get(`/api/ai/task/${res.body.task_id}/status/`).set('authorization', `Bearer ${alice}`);
        expect(seen.body.status).toBe('CANCELLED');
        // The other instance has no worker: the abort went through Redis to this one.
        expect(other.llm.requestCount).toBe(0);
      } finally {
        await other.close();
      }
    });
  });

  describe('idempotent submission', () => {
    it('returns the first task for a repeat with the same key and body', async () => {
      const body = { query: 'once only', use_celery: true };
      const first = await post('/api/ai/query/', alice, body, { 'idempotency-key': 'k-1' });
      const second = await post('/api/ai/query/', alice, body, { 'idempotency-key': 'k-1' });
      expect(first.status).toBe(202);
      expect(second.status).toBe(202);
      expect(second.body).toEqual(first.body);
      expect(second.headers['idempotent-replayed']).toBe('true');
      await t.waitForTask(first.body.task_id, alice);
      expect(t.llm.requestCount).toBe(1);
    });

    it('refuses the same key with a different body (422)', async () => {
      const first = await post('/api/ai/query/', alice, { query: 'a', use_celery: true }, { 'idempotency-key': 'k-2' });
      const other = await post('/api/ai/query/', alice, { query: 'b', use_celery: true }, { 'idempotency-key': 'k-2' });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('idempotency_key_reused');
      await t.waitForTask(first.body.task_id, alice);
    });

    it('releases a key whose request failed validation, so a corrected retry with it is accepted', async () => {
      const bad = await post('/api/ai/query/', alice, { query: 'fix me', use_celery: true, unknown_field: 1 }, { 'idempotency-key': 'k-4' });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('validation_failed');
      const retry = await post('/api/ai/query/', alice, { query: 'fix me', use_celery: true }, { 'idempotency-key': 'k-4' });
      expect(retry.status).toBe(202);
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
      await t.waitForTask(retry.body.task_id, alice);
    });

    it('judges the key and the callback_url before the body (a request with several faults)', async () => {
      const badKey = await post('/api/ai/query/', alice, { query: 7, unknown_field: 1 }, { 'idempotency-key': 'with space' });
      expect(badKey.status).toBe(400);
      expect(badKey.body.error).toMatch(/Idempotency-Key/);
      const badHook = await post('/api/ai/query/', alice, { query: 7, use_celery: true, callback_url: 'http://169.254.169.254/latest' });
      expect(badHook.status).toBe(400);
      expect(badHook.body.details).toEqual([expect.objectContaining({ field: 'callback_url' })]);
    });

    it('keeps keys per user', async () => {
      const body = { query: 'same', use_celery: true };
      const a = await post('/api/ai/query/', alice, body, { 'idempotency-key': 'k-3' });
      const b = await post('/api/ai/query/', bob, body, { 'idempotency-key': 'k-3' });
      expect(b.status).toBe(202);
      expect(b.body.task_id).not.toBe(a.body.task_id);
      await t.waitForTask(a.body.task_id, alice);
      await t.waitForTask(b.body.task_id, bob);
    });
  });

  describe('signed webhooks', () => {
    let receiver: WebhookReceiver;
    let hookUrl: string;
    const deliveries: WebhookDelivery[] = [];
    let answers: number[] = [];

    beforeAll(async () => {
      receiver = await startWebhookReceiver((delivery) => {
        deliveries.push(delivery);
        return answers.shift();
      });
      hookUrl = receiver.url;
    });
    afterAll(() => receiver.close());

    it('POSTs the final status signed with HMAC-SHA256, retrying after a failed delivery', async () => {
      deliveries.length = 0;
      answers = [500];
      t.llm.script({ content: 'hooked' });
      const res = await post('/api/ai/query/', alice, { query: 'call me back', use_celery: true, callback_url: hookUrl });
      expect(res.status).toBe(202);
      await until(() => deliveries.length >= 2, 8000);
      const [failed, ok] = deliveries;
      expect(ok.at).toBeGreaterThan(failed.at);
      for (const d of deliveries) {
        const expected = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(d.body).digest('hex')}`;
        expect(d.headers['x-medcor-signature']).toBe(expected);
        expect(Number(d.headers['x-medcor-timestamp'])).toBeGreaterThan(Date.now() / 1000 - 60);
      }
      // Thin body: the receiver fetches the result itself (keys checked in phi-egress.e2e-spec.ts).
      expect(JSON.parse(ok.body)).toMatchObject({ task_id: res.body.task_id, status: 'SUCCESS', status_url: `/api/ai/task/${res.body.task_id}/status/` });
      await new Promise((r) => setTimeout(r, 500));
      expect(deliveries).toHaveLength(2);
    });

    it('refuses a callback_url whose host is not allow-listed (400)', async () => {
      const res = await post('/api/ai/query/', alice, { query: 'x', use_celery: true, callback_url: 'http://169.254.169.254/latest' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    });
  });

  it('documents the new endpoints and the CANCELLED state in Swagger', async () => {
    const doc = (await t.request().get('/api/docs-json')).body;
    for (const path of ['/api/ai/task/{taskId}/events', '/api/ai/schedules', '/api/ai/schedules/{scheduleId}/pause', '/api/ai/usage']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(Object.keys(doc.paths['/api/ai/task/{taskId}/events'].get.responses['200'].content)).toContain('text/event-stream');
    expect(doc.components.schemas.TaskStatusResponseDto.properties.status.enum).toContain('CANCELLED');
    expect(doc.components.schemas.RoutingDto.properties.rule.enum).toEqual(expect.arrayContaining(['wait_then_queue', 'inline_in_flight_limit', 'measured_p95', 'schedule']));
  });

  describe('model fallback and usage', () => {
    it('answers from the fallback model when the primary answers 500, and records usage per model', async () => {
      t.llm.setDefault((req) => (req.body.model === 'gpt-4o-mini' ? { error: { status: 500 } } : { content: 'fallback says hi', usage: { promptTokens: 11, completionTokens: 7 } }));
      const carol = t.token('carol');
      const res = await post('/api/ai/query/', carol, { query: 'primary is down' });
      expect(res.status).toBe(200);
      expect(res.body.response).toBe('fallback says hi');
      expect(res.body.model).toBe('gpt-fallback');
      expect(t.llm.requests.map((r) => r.body.model)).toEqual(['gpt-4o-mini', 'gpt-fallback']);
      let usage: any;
      await until(async () => {
        usage = (await t.request().get('/api/ai/usage/').set('authorization', `Bearer ${carol}`)).body;
        return usage.usage?.length > 0;
      });
      expect(usage).toMatchObject({ success: true, scope: 'own', usage: [{ user_id: 'carol', model: 'gpt-fallback', calls: 1, input_tokens: 11, output_tokens: 7 }] });
    });

    it('serves every user\'s usage to admins only', async () => {
      const denied = await t.request().get('/api/ai/usage/?all=true').set('authorization', `Bearer ${alice}`);
      expect(denied.status).toBe(403);
      const admin = await t.request().get('/api/ai/usage/?all=true').set('authorization', `Bearer ${t.token('root', ['admin'])}`);
      expect(admin.status).toBe(200);
      expect(admin.body.scope).toBe('all');
      expect(admin.body.usage.map((r: { user_id: string }) => r.user_id)).toEqual(expect.arrayContaining(['alice', 'carol']));
    });
  });
});
