/**
 * Code analysis end to end: HTTP → queue → worker → the real `analyze_code` MCP tool (ESLint in
 * its worker pool) → the LLM review through the fake OpenAI-compatible server → task result.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MetricsService } from '../../src/core/metrics/metrics.service';
import { closeCodeAnalysis } from '../../src/mcp-server/code';
import { createTestApp, type TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

const evalUse = readFileSync(path.join(__dirname, '../fixtures/code/eval-use.js'), 'utf8');
const review = (issues: unknown[]) => ({
  summary: 'computeDose evaluates text from the request as code.',
  issues,
  security: { risk_level: 'critical', summary: 'Remote code execution through eval', concerns: ['req.body.formula reaches eval'] },
  optimizations: [{ line: null, suggestion: 'Parse the formula with a small expression parser' }],
});

async function cacheCount(t: TestApp, outcome: 'hit' | 'miss'): Promise<number> {
  const metric = await t.app.get(MetricsService).cacheLookups.get();
  return metric.values.find((v) => v.labels.cache === 'code_analysis' && v.labels.outcome === outcome)?.value ?? 0;
}

afterAll(() => closeCodeAnalysis());

describe('POST /api/ai/code with an LLM', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { MCP_SERVER_TIMEOUT: '30' } });
    token = t.token('dev-1', ['user']);
  });
  afterAll(() => t.close());
  afterEach(() => t.llm.reset());

  const submit = (body: Record<string, unknown>) => t.request().post('/api/ai/code/').set('authorization', `Bearer ${token}`).send(body);

  it('finds no-eval at line 4 in eval-use.js and merges the model review, dropping its repeat of no-eval', async () => {
    t.llm.script({
      json: review([
        { line: 4, severity: 'error', message: 'eval executes the formula from the request', rule: 'no-eval' },
        { line: 3, severity: 'warning', message: 'The formula is taken from the request body without validation', rule: null },
      ]),
    });

    const res = await submit({ code: evalUse, filename: 'eval-use.js' }).expect(202);
    expect(res.body).toMatchObject({ status: 'PENDING', routing: { mode: 'background', rule: 'always_background' } });
    const task = await t.waitForTask(res.body.task_id, token, { timeoutMs: 60_000 });

    expect(task.status).toBe('SUCCESS');
    const result = task.result;
    expect(result).toMatchObject({ success: true, language: 'javascript', detected_by: 'filename', tools_used: ['analyze_code'], cached: false });
    expect(result.findings).toEqual(expect.arrayContaining([expect.objectContaining({ tool: 'eslint', rule: 'no-eval', line: 4 })]));
    expect(result.review).toMatchObject({ skipped: false, mode: 'static_and_llm', security: { risk_level: 'critical' } });
    const noEval = result.review.issues.filter((i: { rule?: string }) => i.rule === 'no-eval');
    expect(noEval).toEqual([expect.objectContaining({ line: 4, source: 'static' })]);
    expect(result.review.issues).toContainEqual({ line: 3, severity: 'warning', message: 'The formula is taken from the request body without validation', source: 'llm' });
    expect(result.response).toContain('no-eval at line 4');
    // The model saw the code as delimited data, with the static findings.
    const sent = JSON.stringify(t.llm.lastRequest()!.body.messages);
    expect(sent).toMatch(/<<<CODE [a-z]{16}>>>/);
    expect(sent).toContain('4 |   return eval(formula);');
    expect(sent).toContain('\\"rule\\":\\"no-eval\\"');
  });

  it('masks every secret written in the code before it leaves for the model, and says so in the review', async () => {
    const secrets = {
      aws: 'AKIAIOSFODNN7EXAMPLQ',
      awsSecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYz',
      gh: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789AB',
      openai: 'sk-proj-Zq8Jx2LmN4pQ7rT1vW3yB5dF6gH9kMnP',
      password: 'Tr0ub4dor&3-horse-staple',
      dsnPassword: 'S3cretPassw0rd!',
      pem: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
    };
    const code = [
      `const AWS_ACCESS_KEY_ID = '${secrets.aws}';`,
      `const awsSecretAccessKey = '${secrets.awsSecret}';`,
      `const githubToken = '${secrets.gh}';`,
      `const OPENAI_API_KEY = '${secrets.openai}';`,
      `const dbPassword = '${secrets.password}';`,
      `const connectionString = 'postgres://admin:${secrets.dsnPassword}@db.internal:5432/medcor';`,
      'const privateKey = `-----BEGIN PRIVATE KEY-----',
      secrets.pem,
      '-----END PRIVATE KEY-----`;',
      'module.exports = { AWS_ACCESS_KEY_ID, awsSecretAccessKey, githubToken, OPENAI_API_KEY, dbPassword, connectionString, privateKey };',
      '',
    ].join('\n');
    t.llm.script({ json: review([]) });
    const res = await submit({ code, filename: 'config.js' }).expect(202);
    const task = await t.waitForTask(res.body.task_id, token, { timeoutMs: 60_000 });
    expect(task.status).toBe('SUCCESS');
    // The analysers saw the code itself: they still report the secrets, by line.
    expect(task.result.findings.filter((f: { rule: string }) => f.rule === 'medcor/hardcoded-secret').length).toBeGreaterThanOrEqual(5);
    const sent = JSON.stringify(t.llm.requests.map((r) => r.body.messages));
    for (const value of Object.values(secrets)) expect(sent).not.toContain(value);
    expect(sent).toContain('postgres://admin:<SECRET_');
    // Line numbers still point at the caller's code.
    expect(sent).toContain('10 | module.exports');
    expect(task.result.review.note).toMatch(/7 secret value\(s\) in the code were masked/);
  });

  it('serves a repeat of the same code, language and focus from the cache without asking the model', async () => {
    const hitsBefore = await cacheCount(t, 'hit');
    t.llm.script({ json: review([]) });
    const first = await submit({ code: evalUse, filename: 'eval-use.js', focus: 'security' }).expect(202);
    expect((await t.waitForTask(first.body.task_id, token)).result.cached).toBe(false);
    const calls = t.llm.requestCount;

    const again = await submit({ code: evalUse, filename: 'eval-use.js', focus: 'security' }).expect(202);
    const task = await t.waitForTask(again.body.task_id, token);

    expect(task.status).toBe('SUCCESS');
    expect(task.result).toMatchObject({ cached: true, language: 'javascript', review: { skipped: false } });
    expect(t.llm.requestCount).toBe(calls);
    expect(await cacheCount(t, 'hit')).toBe(hitsBefore + 1);
  });

  it('keeps a review and its cache entry sealed in Redis: a literal of the code is found in neither', async () => {
    const code = `${evalUse}const contact = "Quentin Marchbanks 555-0199";\n`;
    t.llm.script({ json: review([]) });
    const res = await submit({ code, filename: 'eval-use.js', focus: 'security' }).expect(202);
    expect((await t.waitForTask(res.body.task_id, token)).status).toBe('SUCCESS');
    expect(await t.redis.hget(`${t.prefix}:task:${res.body.task_id}`, 'sealed')).toBe('1');
    const keys = await t.redis.keys(`${t.prefix}:*`);
    const read = async (k: string) => {
      const type = await t.redis.type(k);
      if (type === 'string') return t.redis.get(k);
      if (type === 'hash') return JSON.stringify(await t.redis.hgetall(k));
      if (type === 'stream') return JSON.stringify(await t.redis.xrange(k, '-', '+'));
      return '';
    };
    const values = await Promise.all(keys.map(read));
    expect(values.join('\n')).not.toMatch(/Quentin|Marchbanks/);
  });

  it('never serves one user\'s cached analysis to another user', async () => {
    const code = `${evalUse}// per-user cache\n`;
    t.llm.script({ json: review([]) });
    const first = await submit({ code, filename: 'eval-use.js', focus: 'security' }).expect(202);
    expect((await t.waitForTask(first.body.task_id, token)).result.cached).toBe(false);

    const other = t.token('dev-other');
    t.llm.script({ json: review([]) });
    const res = await t.request().post('/api/ai/code/').set('authorization', `Bearer ${other}`).send({ code, filename: 'eval-use.js', focus: 'security' }).expect(202);
    const task = await t.waitForTask(res.body.task_id, other);

    expect(task.status).toBe('SUCCESS');
    expect(task.result.cached).toBe(false);
  });

  it('refuses a language that is not a language name with 400, and never echoes one it does not know', async () => {
    const bad = await submit({ code: 'x = 1', language: 'jane doe ssn 078-05-1120' }).expect(400);
    expect(bad.body).toMatchObject({ success: false, code: 'validation_failed' });
    expect(JSON.stringify(bad.body)).not.toContain('078-05-1120');
    t.llm.script({ json: review([]) });
    const res = await submit({ code: 'x = 1', language: 'zebediahlang' }).expect(202);
    const task = await t.waitForTask(res.body.task_id, token, { timeoutMs: 60_000 });
    expect(task.result.language).toBe('unknown');
    expect(JSON.stringify(task)).not.toContain('zebediah');
  });

  it('refuses code over CODE_MAX_BYTES counted in UTF-8 bytes with 413', async () => {
    // 102,401 characters but 204,802 bytes: over the default 204,800-byte limit.
    const res = await submit({ code: 'é'.repeat(102_401), language: 'javascript' }).expect(413);

    expect(res.body).toMatchObject({ success: false, error: expect.stringContaining('204802 bytes') });
  });

  it('runs query_type code from /api/ai/query/ through the same worker', async () => {
    t.llm.script({ json: review([]) });

    const res = await t
      .request()
      .post('/api/ai/query/')
      .set('authorization', `Bearer ${token}`)
      // A trailing comment makes it new to the cache, so the worker really analyses it.
      .send({ query: `${evalUse}// submitted as a query\n`, query_type: 'code', filename: 'eval-use.js', focus: 'all' })
      .expect(202);
    const task = await t.waitForTask(res.body.task_id, token);

    expect(task.status).toBe('SUCCESS');
    expect(task.result.cached).toBe(false);
    expect(t.llm.requestCount).toBe(1);
    expect(task.result.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'no-eval', line: 4 })]));
    expect(task.result.review.skipped).toBe(false);
  });

  it('analyses python statically (CWE on the finding) and keeps the model\'s own issues apart, dropping its repeat', async () => {
    t.llm.script({
      json: review([
        { line: 2, severity: 'error', message: 'eval of user input', rule: 'CWE-95' },
        { line: 1, severity: 'info', message: 'add a docstring', rule: null },
      ]),
    });

    const res = await submit({ code: 'def run(expr):\n    return eval(expr)\n', language: 'python' }).expect(202);
    const task = await t.waitForTask(res.body.task_id, token);

    expect(task.status).toBe('SUCCESS');
    expect(task.result).toMatchObject({ language: 'python', analysers: ['python'], review: { skipped: false, mode: 'static_and_llm' } });
    expect(task.result.findings).toEqual([expect.objectContaining({ rule: 'python/code-injection', line: 2, cwe: 'CWE-95', fix: expect.any(String) })]);
    expect(task.result.review.issues).toEqual([
      { line: 1, severity: 'info', message: 'add a docstring', source: 'llm' },
      expect.objectContaining({ line: 2, source: 'static', rule: 'python/code-injection', tool: 'tree-sitter', cwe: 'CWE-95' }),
    ]);
  });

  it('gives go an LLM-only review that says no static analyser ran', async () => {
    t.llm.script({ json: review([{ line: 3, severity: 'error', message: 'panic in main', rule: null }]) });

    const res = await submit({ code: 'package main\n\nfunc main() { panic("x") }\n', language: 'go' }).expect(202);
    const task = await t.waitForTask(res.body.task_id, token);

    expect(task.status).toBe('SUCCESS');
    expect(task.result).toMatchObject({ language: 'go', analysers: [], findings: [], review: { skipped: false, mode: 'llm_only' } });
    expect(task.result.review.note).toContain('No static analyser for go here');
    expect(task.result.review.issues).toEqual([{ line: 3, severity: 'error', message: 'panic in main', source: 'llm' }]);
    expect(task.result.response).toContain('this review comes from the LLM alone');
  });
});

describe('POST /api/ai/code without an LLM', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ llm: false });
  });
  afterAll(() => t.close());

  it('succeeds with the static findings and says the review is unavailable', async () => {
    const token = t.token('dev-2', ['user']);

    const res = await t.request().post('/api/ai/code/').set('authorization', `Bearer ${token}`).send({ code: evalUse, filename: 'eval-use.js' }).expect(202);
    const task = await t.waitForTask(res.body.task_id, token);

    expect(task.status).toBe('SUCCESS');
    expect(task.result.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'no-eval', line: 4 })]));
    expect(task.result.review).toEqual({ status: 'unavailable', skipped: true, reason: 'No LLM is configured (OPENAI_API_KEY)', code: 'llm_not_configured' });
    expect(task.message).toBe('Code analysis completed with static findings only: the LLM review was unavailable (No LLM is configured (OPENAI_API_KEY))');
    expect(t.llm.requestCount).toBe(0);
  });
});
