import { z } from 'zod';
import { CodeAnalyser } from '../code';
import { CODE_ANALYSES_PER_CALLER, codeTools } from './code-tools';
import { ToolError, ToolErrorCode, type ToolCallContext } from './tool-definition';

function context(signal = new AbortController().signal) {
  const progress: Array<{ progress: number; total?: number; message?: string }> = [];
  const ctx: ToolCallContext = {
    signal,
    progress: async (value, total, message) => {
      progress.push({ progress: value, total, message });
    },
  };
  return { ctx, progress };
}

describe('codeTools', () => {
  const analyser = new CodeAnalyser({
    lintSql: async () => [{ tool: 'pg-parser', rule: 'delete-without-where', severity: 'warning', line: 2, column: 1, message: 'DELETE without WHERE' }],
  });
  const [sut] = codeTools(analyser);

  afterAll(() => analyser.close());

  it('offers one read-only agent tool named analyze_code', () => {
    expect(codeTools(analyser).map((tool) => [tool.name, tool.audience, tool.readOnly])).toEqual([['analyze_code', 'agent', true]]);
  });

  it('rejects an unknown focus and empty code through its schema', () => {
    const schema = z.object(sut.inputSchema);
    expect(schema.safeParse({ code: 'x', focus: 'speed' }).success).toBe(false);
    expect(schema.safeParse({ code: '' }).success).toBe(false);
    expect(schema.safeParse({ code: 'x', focus: 'security', filename: 'a.js' }).success).toBe(true);
  });

  it('returns readable findings and structured content, reporting progress from detection to analysis', async () => {
    const { ctx, progress } = context();
    const output = await sut.handler({ code: 'function run(s) {\n  return eval(s);\n}\n', filename: 'run.js', focus: 'security' }, ctx);

    expect(output.data).toEqual({
      language: 'javascript',
      detected_by: 'filename',
      analysers: ['eslint'],
      findings: [
        expect.objectContaining({ tool: 'eslint', rule: 'no-eval', severity: 'error', line: 2, column: 10 }),
        expect.objectContaining({ tool: 'eslint', rule: 'security/detect-eval-with-expression', line: 2 }),
      ],
    });
    expect(output.text).toContain('Language: javascript (detected by filename)');
    expect(output.text).toContain('- line 2:10 error no-eval [CWE-95] (eslint): `eval` can be harmful.');
    expect(progress.map((p) => p.message)).toEqual(['detecting language', 'analysing javascript', 'done']);
  });

  it('sends SQL to the SQL linter', async () => {
    const { ctx } = context();
    const output = await sut.handler({ code: 'SELECT 1;\nDELETE FROM visits;\n' }, ctx);
    expect(output.data).toMatchObject({ language: 'sql', detected_by: 'content', analysers: ['pg-parser'] });
    expect(output.text).toContain('- line 2:1 warning delete-without-where (pg-parser)');
  });

  it('says when a language has no analyser', async () => {
    const { ctx } = context();
    const output = await sut.handler({ code: 'package main\n\nfunc main() {}\n' }, ctx);
    expect(output.data).toEqual({ language: 'go', detected_by: 'content', analysers: [], findings: [], skipped: 'no static analyser for go here' });
    expect(output.text).toContain('Note: no static analyser for go here');
  });

  it('turns a cancelled call into a timeout tool error', async () => {
    const controller = new AbortController();
    controller.abort();
    const { ctx } = context(controller.signal);
    const call = sut.handler({ code: 'eval(x);', language: 'javascript' }, ctx);
    await expect(call).rejects.toBeInstanceOf(ToolError);
    await expect(call).rejects.toMatchObject({ code: ToolErrorCode.Timeout });
  });
});

describe('analyze_code per caller', () => {
  it('runs at most CODE_ANALYSES_PER_CALLER analyses of one asserted caller at once; another caller is not affected', async () => {
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const analyser = { analyse: async () => (await gate, { language: 'python', analysers: [], findings: [] }) } as unknown as CodeAnalyser;
    const [tool] = codeTools(analyser);
    const ctx = (userId: string) => ({ signal: new AbortController().signal, progress: async () => undefined, actor: { userId, roles: [] } });
    const call = (userId: string) => tool.handler({ code: 'x = 1', language: 'python' } as never, ctx(userId) as never);
    const running = [call('alice'), call('alice')];
    await expect(call('alice')).rejects.toMatchObject({ code: ToolErrorCode.Unavailable, details: { reason: 'caller_busy', limit: CODE_ANALYSES_PER_CALLER } });
    const bob = call('bob');
    finish();
    await Promise.all([...running, bob]);
    // Slots are given back: she may analyse again.
    await expect(call('alice')).resolves.toBeDefined();
  });
});
