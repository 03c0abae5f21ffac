/**
 * LlmService against the fake OpenAI-compatible server over real HTTP, with the real ChatOpenAI:
 * structured output on models with and without JSON-schema support (falling back to a forced tool
 * call, then JSON mode), validation with one repair request, and what each failure is called
 * (llm_bad_output, llm_config, internal, or transient only for the network, 429, 5xx, timeouts).
 */
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { AppError, ErrorCode } from '../../src/core/errors';
import type { LlmService } from '../../src/core/llm/llm.service';
import { analysisSchema, schemaName } from '../../src/medical/analysis/analysis-schemas';
import { codeReviewSchema } from '../../src/code-analysis/code-review.schema';
import { PROSE_ANSWER, startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm-server';
import { createLlmService, useFakeLlm } from '../helpers/llm-service';

const diagnosis = {
  summary: 'Probable acute coronary syndrome.',
  findings: ['Chest pain radiating to the left arm'],
  red_flags: [{ finding: 'Chest pain at rest', urgency: 'emergency', action: 'ECG and troponin now' }],
  confidence: 0.7,
  differential: [{ condition: 'NSTEMI', icd10_code: 'I21.4', likelihood: 'high', supporting_evidence: ['pain'], against: [] }],
  suggested_tests: ['ECG', 'Troponin'],
};
const review = {
  summary: 'Evaluates request data as code.',
  issues: [{ line: 3, severity: 'error', message: 'eval of request input', rule: 'no-eval' }],
  security: { risk_level: 'critical', summary: 'Remote code execution', concerns: ['eval'] },
  optimizations: [],
};
const messages = [new SystemMessage('You are a careful clinician.'), new HumanMessage('Crushing chest pain radiating to the left arm.')];
const schema = analysisSchema('diagnosis');
const name = schemaName('diagnosis');

function service(llm: FakeLlm, model: string, overrides: Record<string, unknown> = {}): LlmService {
  return createLlmService(llm.url, model, { timeoutMs: 2000, ...overrides });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('LlmService.structured (integration, real ChatOpenAI over HTTP)', () => {
  let llm: FakeLlm;
  beforeAll(async () => {
    llm = await startFakeLlm();
  });
  afterEach(() => {
    expect(llm.remainingSteps).toBe(0);
    llm.reset();
  });
  afterAll(() => llm.close());

  it('asks a model that supports it by json_schema', async () => {
    llm.script({ json: diagnosis });

    await expect(service(llm, 'gpt-4o-mini').structured(schema, name, messages)).resolves.toEqual(diagnosis);

    expect(llm.requests.map((r) => r.body.response_format?.type)).toEqual(['json_schema']);
  });

  it('gives gpt-3.5-turbo (no json_schema, refused by @langchain/openai before sending) a validated medical analysis and code review by a forced tool call', async () => {
    llm.unsupported = ['json_schema'];
    llm.script({ json: diagnosis }, { json: review });
    const sut = service(llm, 'gpt-3.5-turbo');

    await expect(sut.structured(schema, name, messages)).resolves.toEqual(diagnosis);
    await expect(sut.structured(codeReviewSchema, 'code_review', messages)).resolves.toEqual(review);

    // Nothing was sent with json_schema: the library said no, and the next way was a tool call.
    expect(llm.requests).toHaveLength(2);
    expect(llm.requests.map((r) => r.body.tool_choice)).toEqual([
      { type: 'function', function: { name } },
      { type: 'function', function: { name: 'code_review' } },
    ]);
    expect(llm.requests.every((r) => r.body.response_format === undefined)).toBe(true);
  });

  it('falls back to a tool call when the provider refuses json_schema with a 400, and skips json_schema for that model afterwards', async () => {
    llm.unsupported = ['json_schema'];
    llm.script({ json: diagnosis }, { json: diagnosis });
    const sut = service(llm, 'local-llama-3');

    await expect(sut.structured(schema, name, messages)).resolves.toEqual(diagnosis);
    await expect(sut.structured(schema, name, messages)).resolves.toEqual(diagnosis);

    expect(llm.requests.map((r) => r.body.response_format?.type ?? (r.body.tool_choice ? 'tool' : 'none'))).toEqual(['json_schema', 'tool', 'tool']);
  });

  it('falls back to JSON mode with the schema in the prompt when tools are refused too, and validates the answer', async () => {
    llm.unsupported = ['json_schema', 'tools'];
    llm.script({ json: diagnosis });

    await expect(service(llm, 'gpt-3.5-turbo').structured(schema, name, messages)).resolves.toEqual(diagnosis);

    const last = llm.lastRequest()!.body;
    expect(last.response_format).toEqual({ type: 'json_object' });
    expect(last.messages[1]).toMatchObject({ role: 'system', content: expect.stringContaining('JSON Schema') });
    expect(last.messages[1].content).toContain('"differential"');
  });

  it('repairs once: a wrong shape is sent back with the fields at fault, and the second answer is used', async () => {
    llm.script({ json: { ...diagnosis, confidence: 'high' } }, { json: diagnosis });

    await expect(service(llm, 'gpt-4o-mini').structured(schema, name, messages)).resolves.toEqual(diagnosis);

    expect(llm.requests).toHaveLength(2);
    expect(llm.requests[1].body.messages.at(-1)).toMatchObject({ role: 'user', content: expect.stringMatching(/^Your previous answer could not be used: confidence: /) });
  });

  it.each([
    ['json_schema', 'gpt-4o-mini', []],
    ['a forced tool call', 'gpt-3.5-turbo', []],
    ['JSON mode', 'gpt-3.5-turbo', ['tools']],
  ])('fails an answer that is not JSON (by %s) with llm_bad_output after exactly one repair request', async (_how, model, unsupported) => {
    llm.prose = true;
    llm.unsupported = unsupported as never;

    const error = await failure(service(llm, model).structured(schema, name, messages));

    expect(error).toMatchObject({ code: ErrorCode.LlmBadOutput, transient: false });
    expect(error.message).toMatch(new RegExp(`^The model's answer \\(${model.replace(/\./g, '\\.')}\\) did not match the required structure ${name}, also after one repair request`));
    expect(error.message).not.toContain(PROSE_ANSWER.slice(0, 20));
    expect(llm.requests.filter((r) => r.body.messages.length > 0)).toHaveLength(2 + (unsupported.length ? 1 : 0));
  });

  it('does not try other ways when the provider refuses something else (400 on temperature): a configuration error at once', async () => {
    llm.script({ error: { status: 400, message: "Unsupported value: 'temperature' does not support 0 with this model." } });

    const error = await failure(service(llm, 'gpt-4o-mini').structured(schema, name, messages));

    expect(error).toMatchObject({ code: ErrorCode.LlmConfig, transient: false, message: expect.stringMatching(/^LLM configuration error: the server rejected the request \(400\) for gpt-4o-mini/) });
    expect(llm.requests).toHaveLength(1);
  });

  it('names the model and every refusal in a configuration error when no way of asking is accepted', async () => {
    llm.unsupported = ['json_schema', 'tools', 'json_object'];

    const error = await failure(service(llm, 'gpt-3.5-turbo').structured(schema, name, messages));

    expect(error).toMatchObject({ code: ErrorCode.LlmConfig, transient: false });
    expect(error.message).toMatch(/^LLM configuration error: the model gpt-3\.5-turbo refused every way of asking for structured output/);
    expect(error.message).toMatch(/response_format json_schema \(refused by the client library: JSON Schema is not supported for model "gpt-3\.5-turbo"/);
    expect(error.message).toContain('a forced tool call (400 from the server (parameter tools))');
    expect(error.message).toContain('response_format json_object (400 from the server (parameter response_format))');
    expect(llm.requests).toHaveLength(2);
  });
});

describe('LLM error classification (integration, real ChatOpenAI over HTTP)', () => {
  let llm: FakeLlm;
  useFakeLlm((started) => (llm = started));

  const invoke = (model = 'gpt-4o-mini', overrides: Record<string, unknown> = {}) => failure(service(llm, model, overrides).invoke(messages));

  it.each([
    ['429', { error: { status: 429, retryAfter: 3 } }, /rate limited \(429\)/],
    ['500', { error: { status: 500 } }, /answered 500/],
    ['502', { error: { status: 502 } }, /answered 502/],
    ['503', { error: { status: 503 } }, /answered 503/],
  ])('calls %s transient llm_unavailable', async (_name, step, message) => {
    llm.script(step as never);
    const error = await invoke();
    expect(error).toMatchObject({ code: ErrorCode.LlmUnavailable, transient: true, message: expect.stringMatching(message) });
  });

  it('calls a timeout transient', async () => {
    llm.script({ hang: true });
    const error = await invoke('gpt-4o-mini', { timeoutMs: 200 });
    expect(error).toMatchObject({ code: ErrorCode.LlmUnavailable, transient: true, message: expect.stringMatching(/did not answer in time/) });
  });

  it('calls a refused connection transient', async () => {
    const error = await invoke('gpt-4o-mini', { baseUrl: 'http://127.0.0.1:9/v1' });
    expect(error).toMatchObject({ code: ErrorCode.LlmUnavailable, transient: true, message: expect.stringMatching(/could not be reached/) });
  });

  it.each([
    ['a 400 invalid request', { error: { status: 400, message: "Invalid value for 'temperature'" } }, /^LLM configuration error: the server rejected the request \(400\) for gpt-4o-mini/],
    ['a 401 key refusal', { error: { status: 401 } }, /refused the API key \(401\); check OPENAI_API_KEY/],
    ['a 404 unknown model', { error: { status: 404 } }, /does not know the model gpt-4o-mini \(404\); check OPENAI_MODEL/],
  ])('calls %s a permanent llm_config error', async (_name, step, message) => {
    llm.script(step as never);
    const error = await invoke();
    expect(error).toMatchObject({ code: ErrorCode.LlmConfig, transient: false, message: expect.stringMatching(message) });
  });

  it('calls an error it does not recognise internal, not a connection failure', async () => {
    llm.script({ body: { object: 'chat.completion', choices: [] } });
    const error = await invoke();
    expect(error).toMatchObject({ code: ErrorCode.Internal, transient: false, message: 'Unexpected error while calling the LLM (gpt-4o-mini): TypeError' });
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});
