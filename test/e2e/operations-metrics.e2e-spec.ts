/**
 * GET /metrics after real traffic: the HTTP histogram by route pattern and status, queue depth,
 * task duration and retries, LLM calls/latency/tokens, MCP tool calls and cache lookups all move.
 */
import { parsePrometheusText, sumOf, type Sample } from '../helpers/prometheus-text';
import { createTestApp, type TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

describe('Prometheus metrics (e2e)', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    token = t.token('metrics-user', ['clinician']);
  }, 120_000);
  afterAll(() => t?.close());

  const scrape = async (): Promise<Sample[]> => {
    const res = await t.request().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(res.text);
  };
  const post = (path: string, body: unknown) => t.request().post(path).set('authorization', `Bearer ${token}`).send(body as object);

  it('is served without a JWT and is not part of the OpenAPI document', async () => {
    await scrape();
    const doc = await t.request().get('/api/docs-json');
    expect(Object.keys(doc.body.paths)).not.toContain('/metrics');
  });

  it('counts real traffic: HTTP by route pattern, tasks, retries, LLM, MCP tools, cache and queue depth', async () => {
    const before = await scrape();

    t.llm.script({ content: 'inline answer', usage: { promptTokens: 11, completionTokens: 7 } });
    expect((await post('/api/ai/query/', { query: 'Normal HbA1c?' })).status).toBe(200);

    t.llm.script({ error: { status: 500 } }, { content: 'second attempt' });
    const queued = await post('/api/ai/query/', { query: 'flaky', use_celery: true });
    expect(queued.status).toBe(202);
    const done = await t.waitForTask(queued.body.task_id, token);
    expect(done.status).toBe('SUCCESS');

    const sql = 'SELECT department_id FROM departments ORDER BY department_id LIMIT 2';
    expect((await post('/api/ai/database/', { query: sql })).status).toBe(200);
    const second = await post('/api/ai/database/', { query: sql });
    expect(second.body.cached).toBe(true);

    expect((await t.request().get('/api/ai/nothing/here').set('authorization', `Bearer ${token}`)).status).toBe(404);

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) => sumOf(after, name, labels) - sumOf(before, name, labels);

    // Route patterns, never raw URLs: the task id must not become a label value.
    const routes = new Set(after.filter((s) => s.name === 'medcor_http_request_duration_seconds_count').map((s) => s.labels.route));
    expect(routes).toContain('/api/ai/task/:taskId/status');
    expect([...routes].some((r) => r.includes(queued.body.task_id))).toBe(false);
    expect(moved('medcor_http_request_duration_seconds_count', { method: 'POST', route: '/api/ai/query', status: '200' })).toBe(1);
    expect(moved('medcor_http_request_duration_seconds_count', { method: 'POST', route: '/api/ai/query', status: '202' })).toBe(1);
    expect(moved('medcor_http_request_duration_seconds_count', { route: '/api/ai/task/:taskId/status', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(moved('medcor_http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBe(1);

    expect(moved('medcor_task_duration_seconds_count', { type: 'query', outcome: 'success' })).toBe(1);
    expect(moved('medcor_task_retries_total', { type: 'query' })).toBe(1);

    expect(moved('medcor_llm_calls_total', { model: 'gpt-4o-mini', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(moved('medcor_llm_calls_total', { model: 'gpt-4o-mini', outcome: 'error' })).toBeGreaterThanOrEqual(1);
    expect(moved('medcor_llm_latency_seconds_count', { model: 'gpt-4o-mini' })).toBeGreaterThanOrEqual(2);
    expect(moved('medcor_llm_tokens_total', { model: 'gpt-4o-mini', kind: 'input' })).toBeGreaterThanOrEqual(11);
    expect(moved('medcor_llm_tokens_total', { model: 'gpt-4o-mini', kind: 'output' })).toBeGreaterThanOrEqual(7);

    expect(moved('medcor_mcp_tool_calls_total', { tool: 'sql_query', outcome: 'ok' })).toBe(1);
    expect(moved('medcor_cache_lookups_total', { outcome: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(moved('medcor_cache_lookups_total', { outcome: 'hit' })).toBe(1);

    for (const queue of ['ai-query', 'medical-analysis', 'database-query', 'code-analysis']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(after.some((s) => s.name === 'medcor_queue_jobs' && s.labels.queue === queue && s.labels.state === state)).toBe(true);
      }
    }
  });

  it('reports queue depth from Bull: a delayed job shows up as delayed', async () => {
    const before = sumOf(await scrape(), 'medcor_queue_jobs', { queue: 'ai-query', state: 'delayed' });
    const res = await post('/api/ai/query/', { query: 'later', use_celery: true, delay_seconds: 600 });
    expect(res.status).toBe(202);
    const after = sumOf(await scrape(), 'medcor_queue_jobs', { queue: 'ai-query', state: 'delayed' });
    expect(after).toBe(before + 1);
    await t.request().delete(`/api/ai/task/${res.body.task_id}`).set('authorization', `Bearer ${token}`);
  });
});
