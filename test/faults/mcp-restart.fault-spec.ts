/**
 * The MCP tools server killed while a task's tool call is running, then restarted: the task
 * retries (McpUnavailable is transient) and ends SUCCESS once, and the client reconnects by itself.
 */
import { createTestApp, TestApp } from '../helpers/test-app';
import { sleep, successEvents } from './fault-harness';

describe('MCP server killed and restarted mid-task', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ mcp: 'test-tools', env: { TASK_MAX_RETRIES: '3', TASK_BACKOFF_MS: '500' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('retries the task after the tools server dies under a tool call, and completes it once', async () => {
    const token = t.token('mcp-fault-user');
    // Attempt 1 starts a 3-second tool call; later attempts call echo when tools are offered.
    t.llm.script({ toolCalls: [{ name: 'slow', arguments: { steps: 30, stepMs: 100 } }] });
    t.llm.setDefault((req) => {
      const last = req.body.messages.at(-1);
      if (last?.role === 'tool') return { content: 'finished with tools' };
      return req.body.tools?.length ? { toolCalls: [{ name: 'echo', arguments: { message: 'again' } }] } : { content: 'finished without tools' };
    });
    const res = await t.request().post('/api/ai/query/').set('authorization', `Bearer ${token}`).send({ query: 'use the slow tool', use_celery: true });
    expect(res.status).toBe(202);
    const taskId = res.body.task_id as string;

    await t.waitForTask(taskId, token, { until: (b) => /slow/.test(b.message), timeoutMs: 10000 });
    await sleep(300);
    await t.mcp!.stop();
    await sleep(1000);
    await t.mcp!.restart();

    const body = await t.waitForTask(taskId, token, { timeoutMs: 30000 });
    expect(body.status).toBe('SUCCESS');
    expect(body.attempts).toBeGreaterThanOrEqual(2);
    expect(String(body.result.response)).toMatch(/^finished/);
    expect((await successEvents(t.redis, t.prefix, [taskId])).get(taskId)).toBe(1);

    // The client finds the restarted server again without a restart of the service.
    const deadline = Date.now() + 15000;
    let mcp = false;
    while (!mcp && Date.now() < deadline) {
      mcp = (await t.request().get('/api/ai/health')).body.mcp_available === true;
      if (!mcp) await sleep(200);
    }
    expect(mcp).toBe(true);
  });
});
