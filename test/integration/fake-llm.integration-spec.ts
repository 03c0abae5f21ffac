/**
 * Proves the fake LLM server speaks the Chat Completions wire format well enough for the real
 * ChatOpenAI (@langchain/openai over the openai SDK, real HTTP): invoke, tools, streaming,
 * structured output, errors and retries, timeouts and aborts. Each case runs twice: with Node's
 * built-in fetch (any client of ours may use it) and with `llmFetch`, the undici-based fetch the
 * service gives the OpenAI client.
 */
import { AIMessageChunk, ToolMessage } from '@langchain/core/messages';
import { ChatOpenAI, type ChatOpenAIFields } from '@langchain/openai';
import { z } from 'zod';
import { llmFetch } from '../../src/core/llm/llm-fetch';
import { type FakeLlm, PROSE_ANSWER, lastUserMessageText, startFakeLlm } from '../fake-llm/fake-llm-server';

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const verdictSchema = z.object({ diagnosis: z.string(), confidence: z.number() });

describe.each([
  ['the built-in fetch', undefined],
  ['llmFetch', llmFetch],
])('fake LLM server with the real ChatOpenAI over %s', (_name, customFetch) => {
  let llm: FakeLlm;

  const model = (fields: ChatOpenAIFields = {}) =>
    new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'test-key', maxRetries: 0, configuration: { baseURL: llm.url, fetch: customFetch }, ...fields });

  const collect = async (stream: AsyncIterable<AIMessageChunk>) => {
    const chunks: AIMessageChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    return chunks;
  };

  beforeAll(async () => {
    llm = await startFakeLlm({ models: ['gpt-4o-mini', 'medcor-test'] });
  });
  afterEach(() => {
    expect(llm.remainingSteps).toBe(0);
    llm.reset();
  });
  afterAll(() => llm.close());

  it('echoes the last user message with token usage and records what the model received', async () => {
    const answer = await model().invoke([
      ['system', 'You are terse.'],
      ['user', 'How are the lab results?'],
    ]);

    expect(answer.content).toBe('Echo: How are the lab results?');
    expect(answer.usage_metadata).toMatchObject({ input_tokens: 10, output_tokens: 8, total_tokens: 18 });
    const request = llm.lastRequest()!;
    expect(request.body.model).toBe('gpt-4o-mini');
    expect(request.body.messages).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'How are the lab results?' },
    ]);
    expect(request.headers.authorization).toBe('Bearer test-key');
    expect(request.aborted).toBe(false);
  });

  it('cuts the echoed text at 200 characters', async () => {
    const answer = await model().invoke('x'.repeat(500));
    expect(answer.content).toBe('Echo: ' + 'x'.repeat(200));
  });

  it('answers a scripted tool call that LangChain parses, then sees the tool result come back', async () => {
    llm.script(
      { toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' }, id: 'call_1' }] },
      { content: 'It is cold in Oslo.' },
    );
    const withTools = model().bindTools([weatherTool]);

    const first = await withTools.invoke('Weather in Oslo?');
    expect(first.tool_calls).toEqual([{ name: 'get_weather', args: { city: 'Oslo' }, id: 'call_1', type: 'tool_call' }]);
    expect(first.response_metadata.finish_reason).toBe('tool_calls');
    expect(llm.lastRequest()!.body.tools?.[0].function.name).toBe('get_weather');

    const second = await withTools.invoke([
      ['user', 'Weather in Oslo?'],
      first,
      new ToolMessage({ content: '-3 C', tool_call_id: 'call_1' }),
    ]);
    expect(second.content).toBe('It is cold in Oslo.');
    expect(llm.lastRequest()!.body.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_1', content: '-3 C' });
  });

  it('streams content word by word and sends usage in the last chunk', async () => {
    llm.script({ content: 'Rest and fluids for two days.' });

    const chunks = await collect(await model().stream('Advice?'));

    const texts = chunks.map((c) => c.content).filter((t) => t !== '');
    expect(texts).toEqual(['Rest ', 'and ', 'fluids ', 'for ', 'two ', 'days.']);
    expect(chunks.find((c) => c.usage_metadata)?.usage_metadata).toMatchObject({ output_tokens: 8, total_tokens: 10 });
    expect(llm.lastRequest()!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('streams tool call deltas that LangChain reassembles', async () => {
    llm.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Rio de Janeiro, Brazil' } }] });

    const chunks = await collect(await model().bindTools([weatherTool]).stream('Weather?'));

    expect(chunks.filter((c) => c.tool_call_chunks?.length).length).toBeGreaterThan(2);
    const whole = chunks.reduce((acc, c) => acc.concat(c));
    expect(whole.tool_calls).toEqual([expect.objectContaining({ name: 'get_weather', args: { city: 'Rio de Janeiro, Brazil' } })]);
  });

  it('serves withStructuredOutput by json_schema and by function calling from the same json step', async () => {
    const verdict = { diagnosis: 'viral infection', confidence: 0.8 };
    llm.script({ json: verdict }, { json: verdict });

    const bySchema = await model().withStructuredOutput(verdictSchema, { method: 'jsonSchema' }).invoke('Assess.');
    expect(bySchema).toEqual(verdict);
    expect(llm.lastRequest()!.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'extract' } });

    const byTool = await model().withStructuredOutput(verdictSchema, { method: 'functionCalling', name: 'verdict' }).invoke('Assess.');
    expect(byTool).toEqual(verdict);
    expect(llm.lastRequest()!.body.tool_choice).toEqual({ type: 'function', function: { name: 'verdict' } });
  });

  it('behaves like a model without json_schema: a 400 naming response_format, as OpenAI answers, and tools still work', async () => {
    llm.unsupported = ['json_schema'];
    llm.script({ json: { diagnosis: 'flu', confidence: 0.5 } });

    const refused = await model({ model: 'medcor-test' })
      .withStructuredOutput(verdictSchema, { method: 'jsonSchema' })
      .invoke('Assess.')
      .catch((e: unknown) => e as { status: number; param: string; type: string; message: string });
    expect(refused).toMatchObject({ status: 400, param: 'response_format', type: 'invalid_request_error' });
    expect((refused as { message: string }).message).toContain("'response_format' of type 'json_schema' is not supported with this model");

    const byTool = await model({ model: 'medcor-test' }).withStructuredOutput(verdictSchema, { method: 'functionCalling', name: 'verdict' }).invoke('Assess.');
    expect(byTool).toEqual({ diagnosis: 'flu', confidence: 0.5 });
  });

  it('answers prose in prose mode, whatever was asked and without consuming the script', async () => {
    llm.prose = true;
    llm.script({ json: { diagnosis: 'flu', confidence: 0.5 } });

    const out = await model().withStructuredOutput(verdictSchema, { method: 'functionCalling', name: 'verdict', includeRaw: true }).invoke('Assess.');
    expect(out.raw.content).toBe(PROSE_ANSWER);
    expect(out.parsed).toBeFalsy();
    expect(llm.remainingSteps).toBe(1);
    llm.reset();
  });

  it('lets the client retry a 500 and succeed', async () => {
    llm.script({ error: { status: 500 } }, { content: 'Recovered.' });

    const answer = await model({ maxRetries: 1 }).invoke('Hi');

    expect(answer.content).toBe('Recovered.');
    expect(llm.requestCount).toBe(2);
  });

  it('surfaces a 429 with its retry-after header and OpenAI error body when retries are off', async () => {
    llm.script({ error: { status: 429, retryAfter: 7 } });

    const failure = await model().invoke('Hi').catch((e: unknown) => e);

    expect(failure).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'requests' });
    expect((failure as { headers: Headers }).headers.get('retry-after')).toBe('7');
  });

  it('hangs until the client timeout cuts the request', async () => {
    llm.script({ hang: true });

    const started = Date.now();

    // Plain node reports TimeoutError; under Jest the openai SDK sees undici's cross-realm
    // DOMException as a non-Error and says "Connection error.", so the name is not asserted.
    await expect(model({ timeout: 300 }).invoke('Hi')).rejects.toThrow();

    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await llm.idle();
    expect(llm.lastRequest()!.aborted).toBe(true);
  });

  it('delays an answer by delayMs', async () => {
    llm.script({ delayMs: 250, content: 'Late.' });
    const started = Date.now();
    expect((await model().invoke('Hi')).content).toBe('Late.');
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('records a stream the client aborted midway', async () => {
    llm.script({ content: Array.from({ length: 40 }, (_, i) => `word${i}`).join(' '), chunkDelayMs: 20 });
    const controller = new AbortController();
    const received: string[] = [];

    const consume = async () => {
      for await (const chunk of await model().stream('Go', { signal: controller.signal })) {
        if (chunk.content) received.push(chunk.content as string);
        if (received.length === 3) controller.abort();
      }
    };
    await consume().catch(() => undefined);

    await llm.idle();
    expect(received.length).toBeLessThan(10);
    expect(llm.lastRequest()!.aborted).toBe(true);
  });

  it('answers from a step function and from a replaced default', async () => {
    llm.setDefault((request) => ({ content: lastUserMessageText(request).toUpperCase() }));
    llm.script((request) => ({ content: `seen ${request.body.messages.length} messages` }));

    expect((await model().invoke('first')).content).toBe('seen 1 messages');
    expect((await model().invoke('second')).content).toBe('SECOND');
  });

  it('rejects a malformed step when scripted and answers 500 for a bad dynamic one', async () => {
    expect(() => llm.script({ nothing: true } as never)).toThrow(TypeError);
    llm.script(() => ({}) as never);

    const failure = await model().invoke('Hi').catch((e: unknown) => e);
    expect(failure).toMatchObject({ status: 500 });
  });

  it('lists the configured models and answers unknown paths with an OpenAI 404', async () => {
    const models = (await fetch(`${llm.url}/models`).then((r) => r.json())) as { data: Array<{ id: string }> };
    expect(models.data.map((m) => m.id)).toEqual(['gpt-4o-mini', 'medcor-test']);

    const missing = await fetch(`${llm.url}/embeddings`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { message: 'Invalid URL (POST /v1/embeddings)', type: 'invalid_request_error', param: null, code: null },
    });
  });
});

describe('llmFetch under the OpenAI client', () => {
  let llm: FakeLlm;
  beforeAll(async () => {
    llm = await startFakeLlm();
  });
  afterAll(() => llm.close());

  it('reports a request cut by the client timeout as a timeout, and one cancelled by our signal as a user abort', async () => {
    const model = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'k', maxRetries: 0, timeout: 200, configuration: { baseURL: llm.url, fetch: llmFetch } });
    llm.script({ hang: true }, { hang: true });

    const timedOut = await model.invoke('Hi').catch((e: unknown) => e);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const cancelled = await model.invoke('Hi', { signal: controller.signal }).catch((e: unknown) => e);

    // The SDK's APIConnectionTimeoutError and APIUserAbortError, as LangChain renames them.
    expect(timedOut).toMatchObject({ name: 'TimeoutError' });
    expect(cancelled).toMatchObject({ name: 'AbortError' });
    await llm.idle();
    expect(llm.requests.map((r) => r.aborted)).toEqual([true, true]);
  });

  it('gives the SDK every response header, joined as WHATWG Headers joins repeated ones', async () => {
    llm.script({ error: { status: 429, retryAfter: 3 } });
    const model = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'k', maxRetries: 0, configuration: { baseURL: llm.url, fetch: llmFetch } });

    const failure = (await model.invoke('Hi').catch((e: unknown) => e)) as { headers: { get(n: string): string | null; entries(): Iterable<[string, string]> } };

    expect(failure.headers.get('Retry-After')).toBe('3');
    expect(failure.headers.get('x-absent')).toBeNull();
    expect(Object.fromEntries(failure.headers.entries())).toMatchObject({ 'retry-after': '3', 'content-type': expect.stringContaining('application/json') });
  });
});

describe('fake LLM server lifecycle', () => {
  it('counts but does not record with recording off, and close() ends a hanging request', async () => {
    const llm = await startFakeLlm({ recording: false });
    const client = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'k', maxRetries: 0, configuration: { baseURL: llm.url } });
    await client.invoke('one');
    llm.script({ hang: true });
    const hanging = client.invoke('two').catch((e: unknown) => e);
    while (llm.inFlight === 0) await new Promise((r) => setTimeout(r, 10));

    await llm.close();

    expect(await hanging).toBeInstanceOf(Error);
    expect(llm.requestCount).toBe(2);
    expect(llm.requests).toEqual([]);
  });
});
