/**
 * What the service does with each kind of LLM trouble, end to end (HTTP → queue → worker → the
 * real ChatOpenAI → the fake OpenAI-compatible server), on the seed's default model gpt-3.5-turbo:
 * structured output without JSON-schema support, an answer that is not JSON (llm_bad_output after
 * one repair request, no retries), a refused configuration (llm_config, no retries), an error
 * nobody recognises (internal, no retries, logged with its stack but without the request), and a
 * code analysis whose review fails (SUCCESS with the static findings).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { ROOT_LOGGER } from '../../src/core/http/logging.module';
import { closeCodeAnalysis } from '../../src/mcp-server/code';
import { createTestApp, type TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

const evalUse = readFileSync(path.join(__dirname, '../fixtures/code/eval-use.js'), 'utf8');
const NOTE = 'Crushing chest pain radiating to the left arm since this morning, sweating, nausea.';
const QUERY_TEXT = 'Which wards had the longest waits for Quentin Marchbanks yesterday?';
const general = {
  summary: 'Probable acute coronary syndrome.',
  findings: ['Chest pain radiating to the left arm'],
  red_flags: [{ finding: 'Chest pain at rest', urgency: 'emergency', action: 'ECG and troponin now' }],
  confidence: 0.7,
  recommendations: ['ECG now'],
};
const review = {
  summary: 'computeDose evaluates text from the request as code.',
  issues: [{ line: 4, severity: 'error', message: 'eval executes the formula from the request', rule: 'no-eval' }],
  security: { risk_level: 'critical', summary: 'Remote code execution through eval', concerns: ['req.body.formula reaches eval'] },
  optimizations: [],
};

afterAll(() => closeCodeAnalysis());

describe('LLM outcomes on gpt-3.5-turbo (e2e)', () => {
  let t: TestApp;
  let clinician: string;
  let developer: string;
  const logs: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: { OPENAI_MODEL: 'gpt-3.5-turbo', LOG_LEVEL: 'info' } });
    clinician = t.token('dr-llm', ['clinician']);
    developer = t.token('dev-llm', ['user']);
    // The process's root pino logger: every Nest and request log line passes through its stream.
    const root = t.app.get<pino.Logger>(ROOT_LOGGER);
    const stream = (root as unknown as Record<symbol, { write(line: string): boolean }>)[pino.symbols.streamSym];
    stream.write = (line: string) => (logs.push(line), true);
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.llm.reset();
    // Like OpenAI's gpt-3.5-turbo: a json_schema response_format is refused with a 400.
    t.llm.unsupported = ['json_schema'];
    logs.length = 0;
  });

  const medical = async () => {
    const res = await t.request().post('/api/ai/medical/').set('authorization', `Bearer ${clinician}`).set('cache-control', 'no-cache').send({ medical_data: NOTE, analysis_type: 'general' });
    expect(res.status).toBe(202);
    return t.waitForTask(res.body.task_id, clinician, { timeoutMs: 30_000 });
  };
  const code = async () => {
    const res = await t.request().post('/api/ai/code/').set('authorization', `Bearer ${developer}`).set('cache-control', 'no-cache').send({ code: evalUse, filename: 'eval-use.js' });
    expect(res.status).toBe(202);
    return t.waitForTask(res.body.task_id, developer, { timeoutMs: 30_000 });
  };

  it('completes a medical analysis with a validated structured result through a forced tool call', async () => {
    t.llm.script({ json: general });

    const done = await medical();

    expect(done.status).toBe('SUCCESS');
    expect(done.result).toMatchObject({ success: true, analysis_type: 'general', analysis: general, model: 'gpt-3.5-turbo' });
    expect(t.llm.requests).toHaveLength(1);
    expect(t.llm.requests[0].body).toMatchObject({ model: 'gpt-3.5-turbo', tool_choice: { type: 'function', function: { name: 'medical_general_analysis' } } });
  });

  it('completes a code review through a forced tool call', async () => {
    t.llm.script({ json: review });

    const done = await code();

    expect(done.status).toBe('SUCCESS');
    expect(done.result.review).toMatchObject({ status: 'done', skipped: false, mode: 'static_and_llm', model: 'gpt-3.5-turbo', security: { risk_level: 'critical' } });
    expect(done.message).toBe('Code analysis completed');
  });

  it('fails a medical analysis whose answers are not JSON with llm_bad_output after one repair request, without retrying', async () => {
    t.llm.prose = true;

    const done = await medical();

    expect(done.status).toBe('FAILURE');
    expect(done.result).toMatchObject({ success: false, code: 'llm_bad_output', attempts: 1 });
    expect(done.result.error).toMatch(/^The model's answer \(gpt-3\.5-turbo\) did not match the required structure medical_general_analysis, also after one repair request/);
    expect(done.message).not.toMatch(/after \d+ attempts|could not be reached/);
    expect(t.llm.requestCount).toBe(2);
  });

  it('fails with a configuration error naming the model and what was refused, without retrying', async () => {
    t.llm.unsupported = ['json_schema', 'tools', 'json_object'];

    const done = await medical();

    expect(done.status).toBe('FAILURE');
    expect(done.result).toMatchObject({ success: false, code: 'llm_config', attempts: 1 });
    expect(done.result.error).toMatch(/^LLM configuration error: the model gpt-3\.5-turbo refused every way of asking for structured output: response_format json_schema \(refused by the client library/);
    // json_schema never left the process; tools and json_object were each tried once.
    expect(t.llm.requestCount).toBe(2);
  });

  it('fails an unrecognised error as internal without retrying, and logs it with its stack but without the query', async () => {
    t.llm.setDefault({ body: { object: 'chat.completion', choices: [] } });

    const res = await t.request().post('/api/ai/query/').set('authorization', `Bearer ${clinician}`).send({ query: QUERY_TEXT, use_celery: true });
    expect(res.status).toBe(202);
    const done = await t.waitForTask(res.body.task_id, clinician);

    expect(done.status).toBe('FAILURE');
    expect(done.result).toMatchObject({ success: false, code: 'internal_error', attempts: 1, error: 'Unexpected error while calling the LLM (gpt-3.5-turbo): TypeError' });
    expect(t.llm.requestCount).toBe(1);
    const line = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'Task failed with an unexpected error');
    expect(line).toMatchObject({ level: 50, code: 'internal_error', taskId: res.body.task_id });
    expect(line!.stack).toMatch(/^AppError \[internal_error\]\n {4}at [\s\S]*\nCaused by: TypeError\n {4}at /);
    expect(logs.join('\n')).not.toContain('Quentin');
  });

  it('logs a 500 answer with its stack, without the request body', async () => {
    t.llm.setDefault({ body: { object: 'chat.completion', choices: [] } });

    const res = await t.request().post('/api/ai/query/').set('authorization', `Bearer ${clinician}`).send({ query: QUERY_TEXT });

    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ success: false, code: 'internal_error' });
    const line = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.status === 500 && typeof l.stack === 'string');
    expect(line).toMatchObject({ level: 50, code: 'internal_error', err_name: 'AppError', cause: 'TypeError' });
    expect(line!.stack).toMatch(/Caused by: TypeError\n {4}at .*@langchain/);
    expect(logs.join('\n')).not.toContain('Quentin');
    expect(logs.join('\n')).not.toContain('Marchbanks');
  });

  it.each([
    ['answers that are not JSON', (tt: TestApp) => (tt.llm.prose = true), 'llm_bad_output'],
    ['a model that refuses every way of asking', (tt: TestApp) => (tt.llm.unsupported = ['json_schema', 'tools', 'json_object']), 'llm_config'],
    ['an LLM server that answers 503', (tt: TestApp) => tt.llm.setDefault({ error: { status: 503 } }), 'llm_unavailable'],
  ])('ends a code analysis whose review fails on %s in SUCCESS with the static findings and the review unavailable', async (_name, arrange, reviewCode) => {
    arrange(t);

    const done = await code();

    expect(done.status).toBe('SUCCESS');
    expect(done.result.findings).toEqual(expect.arrayContaining([expect.objectContaining({ tool: 'eslint', rule: 'no-eval', line: 4 })]));
    expect(done.result.review).toEqual({ status: 'unavailable', skipped: true, code: reviewCode, reason: expect.stringMatching(/^The LLM review failed: /) });
    expect(done.message).toMatch(/^Code analysis completed with static findings only: the LLM review was unavailable \(The LLM review failed: /);
    expect(done.result.response).toContain('LLM review unavailable, static findings only');
    expect(done.attempts).toBe(1);
  });
});
