/**
 * Inline promotion across processes: the API runs an inline query until the model asks for a
 * second tool round (or the inline budget runs out), answers 202 with rule `inline_promoted`, and
 * a separate worker process continues the same conversation from the sealed checkpoint: the task
 * ends SUCCESS once, with the tools in the order they ran, and the model is never asked a round
 * again (the fake LLM counts every request).
 */
import type { FakeLlmRequest } from '../fake-llm/fake-llm-server';
import { jsonClient, successEvents, useStackOnSharedRedis, waitAllFinal } from './fault-harness';

const roles = (req: FakeLlmRequest) => req.body.messages.map((m) => m.role);

describe('inline query promoted to a worker process', () => {
  const f = useStackOnSharedRedis({ testTools: true, env: { INLINE_DEADLINE_SECONDS: '3', INLINE_MAX_TOOL_ROUNDS: '1', OPENAI_TIMEOUT_MS: '30000' } });
  beforeEach(() => f.llm.reset());

  const http = async (method: string, path: string, body?: unknown) => {
    const client = jsonClient(f.stack.api.url, 1);
    try {
      return await client.request(method, path, body, { authorization: `Bearer ${f.stack.token}` });
    } finally {
      client.close();
    }
  };
  const ask = (query: string) => http('POST', '/api/ai/query/', { query });
  // Through the API: the stored result may be sealed at rest.
  const result = async (id: string) => (await http('GET', `/api/ai/task/${id}/status/`)).body.result as Record<string, unknown>;

  it('hands the second tool round to the worker, which goes on from the first round', async () => {
    f.llm.script(
      { toolCalls: [{ name: 'echo', arguments: { message: 'first round' } }] },
      { toolCalls: [{ name: 'add', arguments: { a: 2, b: 3 } }] },
      { content: 'all done' },
    );
    const res = await ask('needs two tool rounds');
    expect(res.status).toBe(202);
    expect(res.body.routing).toMatchObject({ mode: 'background', rule: 'inline_promoted' });
    const id = res.body.task_id as string;
    expect(await waitAllFinal(f.redis, f.stack.prefix, [id], 15_000)).toEqual({ SUCCESS: 1 });
    expect([...(await successEvents(f.redis, f.stack.prefix, [id])).values()]).toEqual([1]);
    expect(await result(id)).toMatchObject({ response: 'all done', tools_used: ['echo', 'add'] });
    // Two model calls in the API, one in the worker, which saw both tool results.
    expect(f.llm.requests).toHaveLength(3);
    expect(roles(f.llm.requests[2])).toEqual(['system', 'user', 'assistant', 'tool', 'assistant', 'tool']);
  });

  it('hands over when the inline budget runs out during a tool call, without asking that round again', async () => {
    f.llm.script({ toolCalls: [{ name: 'slow', arguments: { steps: 25, stepMs: 200 } }] }, { content: 'slow tool finished' });
    const res = await ask('one slow tool');
    expect(res.status).toBe(202);
    expect(res.body.routing).toMatchObject({ rule: 'inline_promoted', reason: expect.stringMatching(/inline budget of 3 s ran out/) });
    const id = res.body.task_id as string;
    expect(await waitAllFinal(f.redis, f.stack.prefix, [id], 20_000)).toEqual({ SUCCESS: 1 });
    expect(await result(id)).toMatchObject({ response: 'slow tool finished', tools_used: ['slow'] });
    expect(f.llm.requests).toHaveLength(2);
    expect(roles(f.llm.requests[1])).toEqual(['system', 'user', 'assistant', 'tool']);
  });
});
