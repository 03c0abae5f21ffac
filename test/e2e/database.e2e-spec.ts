/**
 * POST /api/ai/database over HTTP against the whole service: the real medcor-tools MCP server on
 * a fresh PostgreSQL database, the worker in-process, and the fake OpenAI-compatible LLM.
 */
import { Client } from 'pg';
import { createTestApp, type TestApp } from '../helpers/test-app';

const SIMPLE = 'SELECT patient_key, sex FROM patients LIMIT 5';
const JOINED =
  'SELECT d.name, count(*) AS encounters FROM encounters e JOIN departments d USING (department_id) GROUP BY d.name ORDER BY d.name';

describe('POST /api/ai/database', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    token = t.token('db-user-1', ['clinician']);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const post = (body: Record<string, unknown>, options: { path?: string; bearer?: string; headers?: Record<string, string> } = {}) => {
    const req = t
      .request()
      .post(options.path ?? '/api/ai/database/')
      .set('authorization', `Bearer ${options.bearer ?? token}`);
    for (const [name, value] of Object.entries(options.headers ?? {})) req.set(name, value);
    return req.send(body);
  };

  async function patientCount(): Promise<number> {
    const client = new Client({ connectionString: t.database!.url });
    await client.connect();
    try {
      const result = await client.query<{ n: string }>('SELECT count(*) AS n FROM medcor.patients');
      return Number(result.rows[0].n);
    } finally {
      await client.end();
    }
  }

  it('answers a simple single-table SELECT inline with its rows and the planner cost in the routing reason', async () => {
    const res = await post({ query: SIMPLE, database: 'medcor_db2' });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      success: true,
      database: 'medcor_db2',
      mode: 'sql',
      tools_used: ['sql_query'],
      mcp_available: true,
      row_count: 5,
      truncated: false,
      sql: SIMPLE,
      routing: { mode: 'inline', rule: 'simple_sql' },
    });
    expect(res.body.routing.reason).toMatch(/cost of [\d.]+, within DB_INLINE_MAX_COST/);
    expect(res.body.columns.map((c: { name: string }) => c.name)).toEqual(['patient_key', 'sex']);
    expect(res.body.rows.map((r: unknown[]) => r[0])).toEqual(Array(5).fill(expect.stringMatching(/^[0-9a-f]{20}$/)));
    expect(res.body.response).toMatch(/^5 rows from medcor_db2 in \d+ ms\.\npatient_key +\| sex/);
    expect(typeof res.body.duration_ms).toBe('number');
    expect(typeof res.body.processing_time).toBe('number');
  });

  it('serves the route without the trailing slash too', async () => {
    const res = await post({ query: 'SELECT department_id FROM departments ORDER BY department_id LIMIT 2' }, { path: '/api/ai/database' });
    expect(res.status).toBe(200);
    expect(res.body.database).toBe('medcor_db2');
    expect(res.body.rows).toEqual([[1], [2]]);
  });

  it('queues a JOIN with GROUP BY and stores its rows when the task succeeds', async () => {
    const res = await post({ query: JOINED, database: 'medcor_db2' });

    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'PENDING', database: 'medcor_db2', routing: { mode: 'background', rule: 'complex_sql' } });
    expect(res.body.routing.reason).toContain('join');
    const task = await t.waitForTask(res.body.task_id, token);
    expect(task.status).toBe('SUCCESS');
    expect(task.result).toMatchObject({ success: true, mode: 'sql', database: 'medcor_db2', sql: JOINED, truncated: false });
    expect(task.result.columns.map((c: { name: string }) => c.name)).toEqual(['name', 'encounters']);
    expect(task.result.row_count).toBeGreaterThan(0);
    expect(task.result.rows.length).toBe(task.result.row_count);
    expect(typeof task.result.estimated_cost).toBe('number');
  });

  it('refuses several statements with 400 sql_refused, and the table is still there', async () => {
    const before = await patientCount();
    const res = await post({ query: 'SELECT 1; COMMIT; DROP TABLE patients' });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, details: { rule: expect.any(String) } });
    expect(res.body.details.reason).toMatch(/one statement/i);
    expect(await patientCount()).toBe(before);
    expect(before).toBeGreaterThan(0);
  });

  it('refuses a write disguised as a simple query with the gate reason', async () => {
    const res = await post({ query: 'DELETE FROM patients WHERE age_years = 1' });
    expect(res.status).toBe(400);
    expect(res.body.details.reason).toBeTruthy();
    expect(await patientCount()).toBeGreaterThan(0);
  });

  it('answers a SQL typo with 400 naming the position', async () => {
    const res = await post({ query: 'SELECT patient_key FORM reporting.patients' });
    expect(res.status).toBe(400);
    expect(res.body.details).toMatchObject({ reason: 'sql_syntax_error', line: 1, column: expect.any(Number) });
  });

  it('answers an unknown database with 400 listing the known names, for SQL and questions alike', async () => {
    const sql = await post({ query: SIMPLE, database: 'medcor_nope' });
    expect(sql.status).toBe(400);
    expect(sql.body.details).toEqual({ database: 'medcor_nope', known: ['medcor_db2'] });
    expect(sql.body.error).toContain('medcor_db2');

    const question = await post({ query: 'how many patients are there?', database: 'medcor_nope' });
    expect(question.status).toBe(400);
    expect(question.body.details.known).toEqual(['medcor_db2']);
  });

  it('applies its own checks to a general query of type database, which is handed over to it', async () => {
    const unknown = await post({ query: 'how many patients are there?', query_type: 'database', context: { database: 'medcor_nope' } }, { path: '/api/ai/query/' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual({ database: 'medcor_nope', known: ['medcor_db2'] });

    const write = await post({ query: 'DELETE FROM patients', query_type: 'database' }, { path: '/api/ai/query/' });
    expect(write.status).toBe(400);
    expect(write.body.code).toBe('sql_refused');
    expect(await patientCount()).toBe(200);
  });

  it('fails a natural-language question whose SQL never ran, and caches nothing: an answer without a query is not a result', async () => {
    t.llm.reset();
    t.llm.script(
      { toolCalls: [{ name: 'sql_query', arguments: { database: 'medcor_db2', sql: 'SELECT nonexistent_col FROM patients' } }] },
      { content: 'There are 42 patients.' },
    );
    const question = { query: 'How many patients were admitted last week overall?', database: 'medcor_db2' };
    const res = await post(question);
    expect(res.status).toBe(202);
    const task = await t.waitForTask(res.body.task_id, token);
    expect(task.status).toBe('FAILURE');
    expect(task.result).toMatchObject({ success: false, code: 'tool_failed', error: expect.stringMatching(/No SQL query ran successfully on medcor_db2 \(1 attempted\)/) });
    expect(JSON.stringify(task)).not.toContain('42 patients');
    // Asked again, it is not served from the cache.
    t.llm.script({ content: 'second try' });
    const again = await post(question);
    expect(again.status).toBe(202);
    expect(again.body.cached).toBeUndefined();
    await t.waitForTask(again.body.task_id, token);
  });

  it('answers a natural-language question through the agent: schema, then sql_query, with the SQL in the result', async () => {
    const sql = 'SELECT count(*) AS patients FROM patients';
    t.llm.reset();
    t.llm.script(
      { toolCalls: [{ name: 'list_tables', arguments: { database: 'medcor_db2' } }] },
      { toolCalls: [{ name: 'sql_query', arguments: { database: 'medcor_db2', sql: 'DELETE FROM patients' } }] },
      { toolCalls: [{ name: 'sql_query', arguments: { database: 'medcor_db2', sql } }] },
      { content: 'There are 200 patients.' },
    );
    const res = await post({ query: 'How many patients are registered?', database: 'medcor_db2' });

    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ database: 'medcor_db2', routing: { rule: 'natural_language_database' } });
    const task = await t.waitForTask(res.body.task_id, token);
    expect(task.status).toBe('SUCCESS');
    expect(task.result).toMatchObject({
      mode: 'natural_language',
      sql,
      columns: [{ name: 'patients' }],
      row_count: 1,
      tools_used: ['list_tables', 'sql_query'],
      sql_attempts: [
        { sql: 'DELETE FROM patients', success: false },
        { sql, success: true },
      ],
    });
    expect(Number(task.result.rows[0][0])).toBe(await patientCount());
    expect(task.result.response).toContain('There are 200 patients.');
    expect(task.result.response).toContain(sql);
    expect(t.llm.remainingSteps).toBe(0);

    const first = t.llm.requests[0].body;
    expect(first.tools?.map((tool) => tool.function.name).sort()).toEqual(['describe_table', 'explain_query', 'list_tables', 'sql_query']);
    expect(first.messages[0].content).toContain('medcor');
    // The refused DELETE reached the model as the gate's error, and nothing was deleted.
    const refusal = t.llm.requests[2].body.messages.find((m) => m.role === 'tool' && String(m.content).includes('refused'));
    expect(refusal).toBeDefined();
    expect(await patientCount()).toBe(200);
  });

  it('answers the same query from the cache the second time, per user', async () => {
    const query = 'SELECT provider_id FROM providers ORDER BY provider_id LIMIT 3';
    const first = await post({ query });
    expect(first.status).toBe(200);
    expect(first.body.cached).toBeUndefined();

    const second = await post({ query });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ cached: true, rows: first.body.rows, sql: query });
    expect(Date.parse(second.body.cached_at)).not.toBeNaN();

    const otherUser = await post({ query }, { bearer: t.token('db-user-2', ['clinician']) });
    expect(otherUser.status).toBe(200);
    expect(otherUser.body.cached).toBeUndefined();
  });

  it('recomputes with Cache-Control: no-cache', async () => {
    const query = 'SELECT department_id FROM departments ORDER BY department_id LIMIT 1';
    expect((await post({ query })).status).toBe(200);
    const bypass = await post({ query }, { headers: { 'cache-control': 'no-cache' } });
    expect(bypass.status).toBe(200);
    expect(bypass.body.cached).toBeUndefined();
    expect(bypass.body.rows).toEqual([[1]]);
  });

  // Last: it stops the MCP server.
  it('answers a cached query without MCP, and 503 when MCP is down and the cache is bypassed or empty', async () => {
    const query = 'SELECT department_id FROM departments ORDER BY department_id LIMIT 2';
    expect((await post({ query })).status).toBe(200);
    await t.mcp!.stop();

    const cached = await post({ query });
    expect(cached.status).toBe(200);
    expect(cached.body).toMatchObject({ cached: true, rows: [[1], [2]] });

    const bypass = await post({ query }, { headers: { 'cache-control': 'no-cache' } });
    expect(bypass.status).toBe(503);
    const fresh = await post({ query: 'SELECT department_id FROM departments ORDER BY department_id LIMIT 3' });
    expect(fresh.status).toBe(503);
  });
});

describe('POST /api/ai/database without an LLM', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    // The planner's cost of any scan over the demo tables is above 1, so simple SQL is "expensive" here.
    t = await createTestApp({ llm: false, env: { DB_INLINE_MAX_COST: '1' } });
    token = t.token('db-user-3', ['clinician']);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const post = (body: Record<string, unknown>) =>
    t.request().post('/api/ai/database/').set('authorization', `Bearer ${token}`).send(body);

  it('answers a natural-language question with 503 at submit, not with a failed task', async () => {
    const res = await post({ query: 'how many patients were admitted last week, by department?' });
    expect(res.status).toBe(503);
    expect(res.body.task_id).toBeUndefined();
    expect(res.body.error).toMatch(/LLM/);
    expect(t.llm.requestCount).toBe(0);
  });

  it('still runs raw SQL; over DB_INLINE_MAX_COST it is queued with the cost in the reason', async () => {
    const res = await post({ query: "SELECT patient_key, zip3 FROM patients WHERE zip3 LIKE '%2%'" });
    expect(res.status).toBe(202);
    expect(res.body.routing).toMatchObject({ mode: 'background', rule: 'expensive_sql' });
    expect(res.body.routing.reason).toMatch(/^The planner estimates a cost of [\d.]+, above DB_INLINE_MAX_COST \(1\)$/);
    const task = await t.waitForTask(res.body.task_id, token);
    expect(task.status).toBe('SUCCESS');
    expect(task.result.row_count).toBeGreaterThan(0);
    expect(task.result.columns.map((c: { name: string }) => c.name)).toEqual(['patient_key', 'zip3']);
  });
});
