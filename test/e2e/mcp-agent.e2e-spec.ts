/**
 * The agent over real MCP: the model's tool call runs on our tools server over Streamable HTTP,
 * its result reaches the final answer, tool errors go back to the model, and with the server
 * down the service degrades honestly.
 */
import { TestApp } from '../helpers/test-app';
import { useTestApp } from '../helpers/shared-app';
import { parsePrometheusText, sumOf } from '../helpers/prometheus-text';

import type { FakeLlmRequest } from '../fake-llm/fake-llm-server';

/** The last tool message the model received, as text. */
const lastToolMessage = (req: FakeLlmRequest): { content: string } | undefined => {
  const message = [...req.body.messages].reverse().find((m) => m.role === 'tool');
  return message ? { content: typeof message.content === 'string' ? message.content : JSON.stringify(message.content) } : undefined;
};

describe('the tool-using agent over MCP (e2e)', () => {
  let t: TestApp;
  let token: string;

  useTestApp({ mcp: 'test-tools' }, (app) => {
    t = app;
    token = app.token('mallory');
  });

  const ask = (body: Record<string, unknown>) => t.request().post('/api/ai/query/').set('authorization', `Bearer ${token}`).send(body);

  it('runs the real tool and puts its result into the final answer', async () => {
    t.llm.script({ toolCalls: [{ name: 'add', arguments: { a: 19, b: 23 } }] }, (req) => ({ content: `The sum is ${lastToolMessage(req)?.content?.match(/\n(\d+)\n/)?.[1]}` }));
    const res = await ask({ query: 'what is 19 + 23?' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ response: 'The sum is 42', tools_used: ['add'], mcp_available: true });
  });

  it("calls tools as the requesting user: the tools server sees the gateway-signed caller, inline and in the background", async () => {
    const analyst = t.token('u-7781', ['analyst']);
    const askAs = (body: Record<string, unknown>) => t.request().post('/api/ai/query/').set('authorization', `Bearer ${analyst}`).send(body);
    t.llm.script({ toolCalls: [{ name: 'whoami', arguments: {} }] }, (req) => ({ content: lastToolMessage(req)?.content ?? '' }));
    const inline = await askAs({ query: 'who am I?' });
    expect(inline.body.response).toMatch(/asserted caller u-7781 with roles \[analyst\]/);

    t.llm.script({ toolCalls: [{ name: 'whoami', arguments: {} }] }, (req) => ({ content: lastToolMessage(req)?.content ?? '' }));
    const queued = await askAs({ query: 'who am I, later?', use_celery: true });
    const done = await t.waitForTask(queued.body.task_id, analyst);
    expect(done.result.response).toMatch(/asserted caller u-7781 with roles \[analyst\]/);
  });

  it('offers only agent tools to the model, never internal ones', async () => {
    t.llm.script({ content: 'ok' });
    await ask({ query: 'which tools?' });
    const offered = (t.llm.requests[0].body.tools ?? []).map((tool: { function: { name: string } }) => tool.function.name);
    expect(offered).toEqual(expect.arrayContaining(['echo', 'add', 'slow']));
    expect(offered).not.toContain('audit_note');
  });

  it('feeds a tool error back to the model instead of failing', async () => {
    t.llm.script({ toolCalls: [{ name: 'refuse', arguments: {} }] }, (req) => ({ content: `The tool said: ${lastToolMessage(req)?.content}` }));
    const res = await ask({ query: 'try the refusing tool' });
    expect(res.status).toBe(200);
    expect(res.body.tools_used).toEqual(['refuse']);
    expect(res.body.response).toMatch(/status="error"/);
    expect(res.body.response).toMatch(/Refused on purpose/);
  });

  it('does not leak an unexpected tool failure text to the model', async () => {
    t.llm.script({ toolCalls: [{ name: 'crash', arguments: { note: 'MRN123' } }] }, (req) => ({ content: lastToolMessage(req)?.content ?? '' }));
    const res = await ask({ query: 'crash it' });
    expect(res.status).toBe(200);
    expect(res.body.response).not.toMatch(/secret detail|MRN123/);
  });

  it('tells the model about a tool it was not offered, without calling anything, and counts it under one metrics label', async () => {
    // The model names the tool: a name steered by the prompt must not become a label of the public /metrics.
    const invented = 'lookup_Quentin_Marchbanks_967_35_1535';
    t.llm.script({ toolCalls: [{ name: invented, arguments: {} }] }, (req) => ({ content: lastToolMessage(req)?.content ?? '' }));
    const res = await ask({ query: 'hallucinate a tool' });
    expect(res.body.response).toContain(`there is no tool named "${invented}"`);
    const metrics = await t.request().get('/metrics');
    expect(metrics.text).not.toContain('Quentin');
    expect(sumOf(parsePrometheusText(metrics.text), 'medcor_mcp_tool_calls_total', { tool: 'unknown', outcome: 'unknown_tool' })).toBeGreaterThanOrEqual(1);
  });

  it("never writes a made-up tool's name to the task's progress, events or record in Redis", async () => {
    const invented = 'Zebediah_Quackenbush_MRN_99887766';
    t.llm.script({ toolCalls: [{ name: invented, arguments: {} }] }, { content: 'no such tool' });
    const res = await ask({ query: 'invent a tool, later', use_celery: true });
    const done = await t.waitForTask(res.body.task_id, token);
    expect(done.status).toBe('SUCCESS');
    expect(done.result.tools_used).toEqual(['unknown_tool']);
    const keys = await t.redis.keys(`${t.prefix}:*`);
    for (const key of keys) {
      const type = await t.redis.type(key);
      const dump =
        type === 'string' ? await t.redis.get(key) : type === 'hash' ? JSON.stringify(await t.redis.hgetall(key)) : type === 'stream' ? JSON.stringify(await t.redis.xrange(key, '-', '+')) : '';
      expect(`${key} ${dump}`).not.toMatch(/Zebediah|Quackenbush|99887766/);
    }
  });

  it('runs at most AGENT_MAX_TOOL_CALLS_PER_ROUND calls of one model turn and answers the rest with an error', async () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ name: 'add', arguments: { a: i, b: 1 } }));
    t.llm.script({ toolCalls: many }, (req) => ({ content: `${req.body.messages.filter((m) => m.role === 'tool' && String(m.content).includes('not run')).length} refused` }));
    const res = await ask({ query: 'add them all', use_celery: true });
    const done = await t.waitForTask(res.body.task_id, token);
    expect(done.result.tools_used).toHaveLength(8);
    expect(done.result.response).toBe('292 refused');
  });

  it('runs at most AGENT_MAX_TOOL_CALLS calls in a whole run, however many turns ask for them', async () => {
    const eight = Array.from({ length: 8 }, (_, i) => ({ name: 'add', arguments: { a: i, b: 1 } }));
    t.llm.setDefault((req) => (req.body.tools?.length ? { toolCalls: eight } : { content: 'out of turns' }));
    const res = await ask({ query: 'keep adding', use_celery: true });
    const done = await t.waitForTask(res.body.task_id, token);
    t.llm.setDefault(null);
    // Six turns of eight calls ask for 48; 32 run.
    expect(done.result.tools_used).toHaveLength(32);
  });

  it('stops after the iteration cap and answers without tools', async () => {
    t.llm.setDefault((req) => (req.body.tools?.length ? { toolCalls: [{ name: 'echo', arguments: { message: 'again' } }] } : { content: 'giving up on tools' }));
    const res = await ask({ query: 'loop forever', use_celery: true });
    const done = await t.waitForTask(res.body.task_id, token);
    t.llm.setDefault(null);
    expect(done.result.response).toBe('giving up on tools');
    expect(done.result.tools_used).toHaveLength(6); // AGENT_MAX_ITERATIONS default
  });

  it('reports one progress step per tool call in a background task', async () => {
    t.llm.script(
      { toolCalls: [{ name: 'echo', arguments: { message: 'a' } }] },
      { toolCalls: [{ name: 'add', arguments: { a: 1, b: 2 } }] },
      { content: 'done' },
    );
    const res = await ask({ query: 'background tools', use_celery: true });
    const done = await t.waitForTask(res.body.task_id, token);
    expect(done.result.tools_used).toEqual(['echo', 'add']);
    const events = await t.redis.xrange(`${t.prefix}:task:${res.body.task_id}:events`, '-', '+');
    const messages = events.map(([, fields]) => JSON.parse(fields[1]).message as string);
    expect(messages).toEqual(expect.arrayContaining(['Calling tool echo', 'Calling tool add']));
  });

  it("forwards a tool's MCP progress notifications into the task's progress", async () => {
    t.llm.script({ toolCalls: [{ name: 'slow', arguments: { steps: 4, stepMs: 50 } }] }, { content: 'slow done' });
    const res = await ask({ query: 'use the slow tool', use_celery: true });
    const done = await t.waitForTask(res.body.task_id, token);
    expect(done.status).toBe('SUCCESS');
    const events = await t.redis.xrange(`${t.prefix}:task:${res.body.task_id}:events`, '-', '+');
    const steps = events.map(([, fields]) => JSON.parse(fields[1]) as { message: string; progress: number }).filter((e) => e.message.startsWith('Tool slow:'));
    expect(steps.map((e) => e.message)).toEqual(['Tool slow: 1 of 4', 'Tool slow: 2 of 4', 'Tool slow: 3 of 4', 'Tool slow: 4 of 4']);
    expect(steps.map((e) => e.progress)).toEqual([28, 32, 35, 39]);
  });

  describe('with the MCP server down', () => {
    beforeAll(async () => {
      await t.mcp!.stop();
      for (let i = 0; i < 100; i++) {
        const health = await t.request().get('/api/ai/health/');
        if (health.body.mcp_available === false) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    afterAll(() => t.mcp!.restart());

    it('reports degraded health and mcp_available false', async () => {
      const res = await t.request().get('/api/ai/health/');
      expect(res.body).toMatchObject({ status: 'degraded', mcp_available: false });
    });

    it('answers inline from the LLM alone and says so', async () => {
      t.llm.script({ content: 'answered without tools' });
      const res = await ask({ query: 'hello?' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ response: 'answered without tools', mcp_available: false, tools_used: [] });
      expect(res.body.note).toMatch(/MCP tools server is unavailable/);
      expect(t.llm.lastRequest()?.body.tools ?? []).toEqual([]);
    });
  });
});
