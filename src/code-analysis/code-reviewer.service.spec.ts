import { startFakeLlm, type FakeLlm } from '../../test/fake-llm/fake-llm-server';
import type { AppConfigService } from '../core/config';
import { ErrorCode } from '../core/errors';
import { OpenAiChatModelFactory } from '../core/llm/chat-model.factory';
import { LlmService } from '../core/llm/llm.service';
import { MetricsService } from '../core/metrics/metrics.service';
import type { StaticAnalysis } from './code-analysis.types';
import { CodeReviewerService, NO_LLM_REASON } from './code-reviewer.service';

// The real LlmService and ChatOpenAI against the fake OpenAI-compatible server: the structured
// output path (zod → json_schema → parse) is what these specs prove.
const code = "function f(req) {\n  const formula = req.body.formula;\n  return eval(formula);\n}\n";
const jsAnalysis: StaticAnalysis = {
  language: 'javascript',
  detected_by: 'filename',
  analysers: ['eslint'],
  findings: [{ tool: 'eslint', rule: 'no-eval', severity: 'error', line: 3, column: 10, message: 'eval can be harmful.' }],
};
const review = {
  summary: 'Evaluates request data as code.',
  issues: [
    { line: 3, severity: 'error', message: 'eval of request input', rule: 'no-eval' },
    { line: 2, severity: 'warning', message: 'The formula is not validated', rule: null },
  ],
  security: { risk_level: 'critical', summary: 'Remote code execution', concerns: ['eval of user input'] },
  optimizations: [{ line: null, suggestion: 'Use a formula parser' }],
};

function reviewer(llm: FakeLlm | undefined): CodeReviewerService {
  const config = {
    all: {
      llm: {
        apiKey: llm ? 'test-key' : undefined,
        model: 'gpt-4o-mini',
        temperature: 0,
        maxTokens: 500,
        baseUrl: llm?.url,
        timeoutMs: 5000,
        maxRetries: 0,
        fallbackModels: [],
        fallbackBaseUrls: [],
      },
    },
  } as unknown as AppConfigService;
  return new CodeReviewerService(new LlmService(new OpenAiChatModelFactory(config), new MetricsService()));
}

describe('CodeReviewerService', () => {
  let llm: FakeLlm;
  beforeAll(async () => {
    llm = await startFakeLlm();
  });
  afterEach(() => llm.reset());
  afterAll(() => llm.close());

  it('skips the review, without calling anything, when no LLM is configured', async () => {
    const sut = reviewer(undefined);

    await expect(sut.review(code, jsAnalysis, 'all')).resolves.toEqual({ skipped: true, reason: NO_LLM_REASON });
  });

  it('merges the structured review with the static findings, dropping the model repeat of no-eval', async () => {
    llm.script({ json: review });
    const sut = reviewer(llm);

    const out = await sut.review(code, jsAnalysis, 'all');

    expect(out).toMatchObject({ skipped: false, mode: 'static_and_llm', summary: 'Evaluates request data as code.', model: 'gpt-4o-mini' });
    if (out.skipped) throw new Error('unreachable');
    expect(out.issues.map((i) => [i.line, i.source, i.rule])).toEqual([
      [2, 'llm', undefined],
      [3, 'static', 'no-eval'],
    ]);
    expect(out.security.risk_level).toBe('critical');
    expect(out.optimizations).toEqual([{ line: null, suggestion: 'Use a formula parser' }]);
    const body = llm.lastRequest()!.body;
    expect(body.response_format?.type).toBe('json_schema');
    expect(body.response_format?.json_schema?.name).toBe('code_review');
  });

  it('says the review is LLM-only when no static analyser ran', async () => {
    llm.script({
      json: {
        ...review,
        issues: [{ line: 1, severity: 'info', message: 'Add a docstring', rule: null }],
        optimizations: [{ line: 0, suggestion: 'Cache the parse' }, { line: 2, suggestion: ' ' }],
      },
    });
    const python: StaticAnalysis = { language: 'python', detected_by: 'explicit', analysers: [], findings: [], skipped: 'no static analyser for python here' };

    const out = await reviewer(llm).review('def f():\n  pass\n', python, 'style');

    expect(out).toMatchObject({ skipped: false, mode: 'llm_only', note: 'No static analyser for python here: this review comes from the LLM alone' });
    // A line that is not in the code becomes "whole snippet"; an empty suggestion is dropped.
    expect(out).toMatchObject({ optimizations: [{ line: null, suggestion: 'Cache the parse' }] });
  });

  it('reports a permanent LLM refusal as a skipped review instead of failing', async () => {
    llm.script({ error: { status: 400, message: 'bad request' } });

    const out = await reviewer(llm).review(code, jsAnalysis, 'all');

    expect(out).toEqual({ skipped: true, reason: expect.stringMatching(/^The LLM review failed: .*400/) });
  });

  it('lets a transient LLM failure propagate so the task runner retries', async () => {
    llm.script({ error: { status: 503 } });

    await expect(reviewer(llm).review(code, jsAnalysis, 'all')).rejects.toMatchObject({ code: ErrorCode.LlmUnavailable, transient: true });
  });
});
