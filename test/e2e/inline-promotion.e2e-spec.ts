/**
 * Inline work is bounded (issue 16): past one tool round or the inline budget, the request answers
 * 202 and a worker continues the same conversation without starting over; a client that goes away
 * stops its LLM call.
 */
import { createTestApp, type TestApp } from '../helpers/test-app';
import type { FakeLlmRequest } from '../fake-llm/fake-llm-server';
import { openSse } from '../helpers/sse-client';

const roles = (req: FakeLlmRequest) => req.body.messages.map((m) => m.role);

describe('inline deadline and promotion (e2e)', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp({ mcp: 'test-tools', env: { INLINE_DEADLINE_SECONDS: '4', INLINE_MAX_TOOL_ROUNDS: '1', OPENAI_TIMEOUT_MS: '30000' } });
    token = t.token('promo-user');
  });
  afterAll(() => t.close());
  beforeEach(() => t.llm.reset());

  const ask = (body: Record<string, unknown>) => t.request().post('/api/ai/query/').set('authorization', `Bearer ${token}`).send(body);

  it('ends a streamed answer at the inline budget with a timeout event and stops the LLM call', async () => {
    // 80 words one second apart: the provider answered its headers at once, so only our budget (4 s) stops it.
    t.llm.script({ content: Array.from({ length: 80 }, (_, i) => `w${i}`).join(' '), chunkDelayMs: 1000 });
    const started = Date.now();
    const s = await openSse(t.url, '/api/ai/query/', { method: 'POST', token, body: { query: 'tell me slowly', stream: true } });
    await s.ended;
    expect(Date.now() - started).toBeLessThan(9000);
    expect(s.events.at(-1)).toMatchObject({ event: 'error', data: { success: false, code: 'timeout' } });
    await t.llm.idle(3000);
    expect(t.llm.lastRequest()?.aborted).toBe(true);
  });

  it('hands a second tool round to a worker, which goes on from the first round\'s result', async () => {
    t.llm.script(
      { toolCalls: [{ name: 'echo', arguments: { message: 'first round' } }] },
      { toolCalls: [{ name: 'add', arguments: { a: 2, b: 3 } }] },
      { content: 'all done' },
    );
    const res = await ask({ query: 'needs two tool rounds' });
    expect(res.status).toBe(202);
    expect(res.body.routing).toMatchObject({ mode: 'background', rule: 'inline_promoted', reason: expect.stringMatching(/more than 1 tool round/) });
    const done = await t.waitForTask(res.body.task_id, token);
    expect(done).toMatchObject({ status: 'SUCCESS', result: { response: 'all done', tools_used: ['echo', 'add'] } });

    // Three model calls in all: two inline, one in the worker, which saw both tool results.
    expect(t.llm.requests).toHaveLength(3);
    expect(roles(t.llm.requests[2])).toEqual(['system', 'user', 'assistant', 'tool', 'assistant', 'tool']);
    const toolTexts = t.llm.requests[2].body.messages.filter((m) => m.role === 'tool').map((m) => String(m.content));
    expect(toolTexts[0]).toMatch(/first round/);
    expect(toolTexts[1]).toMatch(/\n5\n/);
  });

  it('answers 202 when the inline budget runs out mid-call, and the worker asks the model again from there', async () => {
    t.llm.script({ content: 'too late', delayMs: 10_000 }, { content: 'answered in the background' });
    const res = await ask({ query: 'a slow model' });
    expect(res.status).toBe(202);
    expect(res.body.routing).toMatchObject({ rule: 'inline_promoted', reason: expect.stringMatching(/inline budget of 4 s ran out/) });
    const done = await t.waitForTask(res.body.task_id, token);
    expect(done).toMatchObject({ status: 'SUCCESS', result: { response: 'answered in the background' } });
    expect(t.llm.requests[0].aborted).toBe(true);
    expect(roles(t.llm.requests[1])).toEqual(['system', 'user']);
  });

  it('keeps a round\'s model answer when the budget runs out during its tool calls', async () => {
    t.llm.script(
      { toolCalls: [{ name: 'slow', arguments: { steps: 40, stepMs: 200 } }] },
      { content: 'slow tool finished' },
    );
    const res = await ask({ query: 'one slow tool' });
    expect(res.status).toBe(202);
    const done = await t.waitForTask(res.body.task_id, token, { timeoutMs: 30_000 });
    expect(done).toMatchObject({ status: 'SUCCESS', result: { response: 'slow tool finished', tools_used: ['slow'] } });
    // The model was asked twice, not three times: the worker made the tool call it had asked for.
    expect(t.llm.requests).toHaveLength(2);
    expect(roles(t.llm.requests[1])).toEqual(['system', 'user', 'assistant', 'tool']);
  });

  it('stops the model call of an inline request whose client went away', async () => {
    t.llm.script({ content: 'nobody listens', delayMs: 800 });
    const pending = ask({ query: 'then hang up' });
    const aborted = pending.then(
      () => undefined,
      () => undefined,
    );
    const deadline = Date.now() + 2000;
    while (t.llm.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    pending.abort();
    await aborted;
    const until = Date.now() + 2000;
    while (!t.llm.requests[0]?.aborted && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(t.llm.requests[0].aborted).toBe(true);
    expect(t.llm.requests[0].finishedAt! - t.llm.requests[0].receivedAt).toBeLessThan(800);
  });
});
