import type { FakeLlm } from '../../test/fake-llm/fake-llm-server';
import { createLlmService, useFakeLlm } from '../../test/helpers/llm-service';
import { ErrorCode } from '../core/errors';
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

function reviewer(llm: FakeLlm | undefined, model = 'gpt-4o-mini'): CodeReviewerService {
  return new CodeReviewerService(createLlmService(llm?.url, model));
}

describe('CodeReviewerService', () => {
  let llm: FakeLlm;
  useFakeLlm((started) => (llm = started));

  it('reports the review unavailable, without calling anything, when no LLM is configured', async () => {
    const sut = reviewer(undefined);

    await expect(sut.review(code, jsAnalysis, 'all')).resolves.toEqual({ status: 'unavailable', skipped: true, reason: NO_LLM_REASON, code: 'llm_not_configured' });
  });

  it('merges the structured review with the static findings, dropping the model repeat of no-eval', async () => {
    llm.script({ json: review });
    const sut = reviewer(llm);

    const out = await sut.review(code, jsAnalysis, 'all');

    expect(out).toMatchObject({ status: 'done', skipped: false, mode: 'static_and_llm', summary: 'Evaluates request data as code.', model: 'gpt-4o-mini' });
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

  it('reviews with the default model gpt-3.5-turbo, which refuses json_schema, through a forced tool call', async () => {
    llm.unsupported = ['json_schema'];
    llm.script({ json: review });

    const out = await reviewer(llm, 'gpt-3.5-turbo').review(code, jsAnalysis, 'all');

    expect(out).toMatchObject({ status: 'done', summary: 'Evaluates request data as code.', model: 'gpt-3.5-turbo' });
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0].body.tool_choice).toEqual({ type: 'function', function: { name: 'code_review' } });
    expect(llm.requests[0].body.response_format).toBeUndefined();
  });

  it.each([
    ['a provider refusal (400)', { error: { status: 400, message: 'bad request' } }, 'llm_config', /^The LLM review failed: LLM configuration error: .*400/],
    ['a server that stays down (503)', { error: { status: 503 } }, 'llm_unavailable', /^The LLM review failed: .*503/],
    ['a broken answer (200 without choices)', { body: { choices: [] } }, 'internal_error', /^The LLM review failed: Unexpected error while calling the LLM/],
  ])('reports the review unavailable with the reason on %s instead of failing', async (_name, step, code_, reason) => {
    llm.setDefault(step as never);

    const out = await reviewer(llm).review(code, jsAnalysis, 'all');

    expect(out).toEqual({ status: 'unavailable', skipped: true, reason: expect.stringMatching(reason), code: code_ });
  });

  it('reports a review the model cannot give as JSON unavailable (llm_bad_output) after one repair request', async () => {
    llm.prose = true;

    const out = await reviewer(llm).review(code, jsAnalysis, 'all');

    expect(out).toMatchObject({ status: 'unavailable', code: 'llm_bad_output', reason: expect.stringMatching(/not valid JSON/) });
    expect(llm.requests).toHaveLength(2);
    expect(llm.requests[1].body.messages.at(-1)?.content).toMatch(/^Your previous answer could not be used: it was not valid JSON/);
  });

  it('lets a cancellation propagate', async () => {
    llm.script({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);

    await expect(reviewer(llm).review(code, jsAnalysis, 'all', { signal: controller.signal })).rejects.toMatchObject({ code: ErrorCode.Cancelled });
  });
});
