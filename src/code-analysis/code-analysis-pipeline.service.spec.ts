import type { AppConfigService } from '../core/config';
import { ErrorCode } from '../core/errors';
import type { CodeAnalysisCache } from './code-analysis-cache.service';
import { CodeAnalysisPipelineService } from './code-analysis-pipeline.service';
import type { CodeAnalysisResult, CodeReview, StaticAnalysis } from './code-analysis.types';
import type { CodeReviewerService } from './code-reviewer.service';
import type { StaticAnalysisCallOptions, StaticAnalysisClient } from './static-analysis.client';

const stat: StaticAnalysis = {
  language: 'javascript',
  detected_by: 'filename',
  analysers: ['eslint'],
  findings: [{ tool: 'eslint', rule: 'no-eval', severity: 'error', line: 4, column: 10, message: 'eval can be harmful.' }],
};
const skipped: CodeReview = { status: 'unavailable', skipped: true, reason: 'No LLM is configured (OPENAI_API_KEY)', code: 'llm_not_configured' };

function build(options: { cached?: CodeAnalysisResult; maxBytes?: number } = {}) {
  const steps: string[] = [];
  const stored: CodeAnalysisResult[] = [];
  const analysis = {
    analyse: async (_req: unknown, opts: StaticAnalysisCallOptions) => {
      steps.push('tool');
      opts.onProgress?.({ progress: 1, total: 2, message: 'analysing javascript' });
      return stat;
    },
  } as unknown as StaticAnalysisClient;
  const reviewer = { review: async () => (steps.push('llm'), skipped) } as unknown as CodeReviewerService;
  const cache = {
    get: async () => options.cached ?? null,
    put: async (_k: unknown, r: CodeAnalysisResult) => (stored.push(r), true),
  } as unknown as CodeAnalysisCache;
  const config = { all: { tasks: { codeMaxBytes: options.maxBytes ?? 1000 } } } as unknown as AppConfigService;
  const progress: Array<[number, string]> = [];
  const ctx = {
    signal: new AbortController().signal,
    userId: 'code-user',
    progress: async (p: number, m: string) => void progress.push([p, m]),
  };
  return { sut: new CodeAnalysisPipelineService(config, analysis, reviewer, cache), steps, stored, progress, ctx };
}

describe('CodeAnalysisPipelineService', () => {
  it('reports detect → analyse (with the tool progress) → review → store, in increasing order', async () => {
    const { sut, progress, ctx } = build();

    await sut.run({ code: 'eval(x)', filename: 'a.js', focus: 'all' }, ctx);

    expect(progress.map(([, m]) => m)).toEqual([
      'Detecting the language',
      'Static analysis: analysing javascript',
      'Static analysis of javascript: 1 finding(s)',
      'Reviewing with the LLM',
      'Storing the result',
    ]);
    const percents = progress.map(([p]) => p);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    expect(percents[1]).toBe(30);
  });

  it('returns the result shape with the static findings and a summary naming them', async () => {
    const { sut, ctx, stored } = build();

    const out = await sut.run({ code: 'eval(x)', filename: 'a.js', focus: 'all' }, ctx);

    expect(out).toMatchObject({ success: true, language: 'javascript', analysers: ['eslint'], review: skipped, tools_used: ['analyze_code'], cached: false });
    expect(out.response).toContain('no-eval at line 4');
    expect(out.response).toContain('LLM review unavailable, static findings only: No LLM is configured');
    expect(stored).toHaveLength(1);
  });

  it('skips the tool and the model on a cache hit and marks the result cached', async () => {
    const cached = { success: true, response: 'r', review: skipped, cached: false, processing_time: 9 } as unknown as CodeAnalysisResult;
    const { sut, ctx, steps } = build({ cached });

    const out = await sut.run({ code: 'eval(x)', focus: 'all' }, ctx);

    expect(steps).toEqual([]);
    expect(out).toMatchObject({ response: 'r', cached: true });
    expect(out.processing_time).toBeLessThan(9);
  });

  it('refuses oversized code from /query/ before any work', async () => {
    const { sut, ctx, steps } = build({ maxBytes: 3 });

    await expect(sut.run({ code: 'eval(x)', focus: 'all' }, ctx)).rejects.toMatchObject({ code: ErrorCode.PayloadTooLarge });
    expect(steps).toEqual([]);
  });
});
