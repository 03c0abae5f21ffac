/**
 * The one access policy (src/shared/policy) on every HTTP path, over real HTTP: a caller without
 * a needed role gets 403 in the error shape naming the roles that would do, before anything runs;
 * `priority: high` is reserved; and a token without `exp`, or issued to live longer than
 * JWT_MAX_AGE_SECONDS, is refused on every verification path (the Nest guard, the status route,
 * the queue dashboard).
 */
import { createTestApp, type TestApp } from '../helpers/test-app';

const PATIENT_SQL = 'SELECT first_name, last_name, ssn FROM medcor.patients';
const DATA_ROLES = ['admin', 'analyst', 'clinician'];
const MEDICAL_ROLES = ['admin', 'clinician'];

describe('access policy (e2e)', () => {
  let t: TestApp;
  let nobody: string;
  let analyst: string;
  let clinician: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { JWT_MAX_AGE_SECONDS: '7200' } });
    nobody = t.token('no-role-user');
    analyst = t.token('ana', ['analyst']);
    clinician = t.token('cleo', ['clinician']);
  }, 120_000);
  afterAll(() => t?.close());
  beforeEach(() => t.llm.reset());

  const post = (path: string, token: string, body: Record<string, unknown>) =>
    t.request().post(path).set('authorization', `Bearer ${token}`).send(body);

  function expectDenied(res: { status: number; body: any }, roles: string[]): void {
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ success: false, code: 'forbidden', request_id: expect.any(String) });
    expect([...res.body.details.required_roles].sort()).toEqual(roles);
    for (const role of roles) expect(res.body.error).toContain(role);
  }

  describe('roles', () => {
    it('refuses SQL from a caller without a role with 403 naming analyst, clinician and admin, before anything runs', async () => {
      const inline = await post('/api/ai/database/', nobody, { query: PATIENT_SQL, database: 'medcor_db2' });
      expectDenied(inline, DATA_ROLES);
      expect(inline.text).not.toMatch(/ssn"\s*:/);
      expectDenied(await post('/api/ai/database/', nobody, { query: PATIENT_SQL, database: 'medcor_db2', use_celery: true }), DATA_ROLES);
      expectDenied(await post('/api/ai/query/', nobody, { query: 'list every patient with their SSN', query_type: 'database' }), DATA_ROLES);
      expect(t.llm.requestCount).toBe(0);
    });

    it('lets an analyst use the database path', async () => {
      const res = await post('/api/ai/database/', analyst, { query: 'SELECT 1 AS one', database: 'medcor_db2' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ success: true, row_count: 1 });
    });

    it('keeps the medical path to clinicians and admins, on /medical/ and as query_type medical', async () => {
      expectDenied(await post('/api/ai/medical/', analyst, { medical_data: 'Chest pain on exertion.', analysis_type: 'general' }), MEDICAL_ROLES);
      expectDenied(await post('/api/ai/medical/', nobody, { medical_data: 'Chest pain on exertion.' }), MEDICAL_ROLES);
      expectDenied(await post('/api/ai/query/', analyst, { query: 'Chest pain on exertion.', query_type: 'medical' }), MEDICAL_ROLES);
      expect(t.llm.requestCount).toBe(0);
    });

    it('keeps general questions and code analysis open to a caller without a role', async () => {
      t.llm.setDefault({ content: 'hello' });
      expect((await post('/api/ai/query/', nobody, { query: 'hello?' })).status).toBe(200);
      const code = await post('/api/ai/query/', nobody, { query: 'const a = 1;\n', query_type: 'code', language: 'javascript' });
      expect(code.status).toBe(202);
      await t.waitForTask(code.body.task_id, nobody);
    });

    it("offers the agent's SQL tools only to a database role, and a caller without one gets no rows through them, inline or in the background", async () => {
      const toolText = (req: { body: { messages: Array<{ role: string; content?: unknown }> } }) =>
        String([...req.body.messages].reverse().find((m) => m.role === 'tool')?.content ?? '');
      const offered = (i: number) => (t.llm.requests[i].body.tools ?? []).map((tool: { function: { name: string } }) => tool.function.name);
      const sqlCall = { toolCalls: [{ name: 'sql_query', arguments: { sql: 'SELECT * FROM patients LIMIT 5', database: 'medcor_db2' } }] };
      t.llm.script(sqlCall, (req) => ({ content: toolText(req) }));
      const inline = await post('/api/ai/query/', nobody, { query: 'list five patients' });
      expect(inline.status).toBe(200);
      t.llm.script(sqlCall, (req) => ({ content: toolText(req) }));
      const queued = await post('/api/ai/query/', nobody, { query: 'list five patients, later', use_celery: true });
      const done = await t.waitForTask(queued.body.task_id, nobody);
      for (const i of [0, 2]) {
        expect(offered(i)).toContain('list_databases');
        expect(offered(i).filter((name: string) => ['sql_query', 'explain_query', 'describe_table', 'list_tables'].includes(name))).toEqual([]);
      }
      for (const answer of [inline.body.response, done.result.response]) expect(answer).not.toContain('patient_key');
      expect(t.llm.requests.map(toolText).join('\n')).not.toContain('patient_key');

      t.llm.reset();
      t.llm.script(sqlCall, (req) => ({ content: toolText(req) }));
      const allowed = await post('/api/ai/query/', analyst, { query: 'list five patients' });
      expect(offered(0)).toEqual(expect.arrayContaining(['sql_query', 'explain_query', 'describe_table', 'list_tables']));
      expect(allowed.body.response).toContain('patient_key');
    });

    it('keeps the audit trail to auditors and admins', async () => {
      const res = await t.request().get('/api/ai/audit/').set('authorization', `Bearer ${clinician}`);
      expectDenied(res, ['admin', 'auditor']);
    });

    it('reserves priority high to clinicians and admins, on submits and on schedules', async () => {
      expectDenied(await post('/api/ai/query/', analyst, { query: 'urgent?', use_celery: true, priority: 'high' }), MEDICAL_ROLES);
      expectDenied(await post('/api/ai/code/', nobody, { code: 'let x = 1;\n', language: 'javascript', priority: 'high' }), MEDICAL_ROLES);
      expectDenied(await post('/api/ai/schedules/', nobody, { cron: '0 7 * * *', query: 'census', priority: 'high' }), MEDICAL_ROLES);

      const allowed = await post('/api/ai/query/', clinician, { query: 'urgent', use_celery: true, priority: 'high' });
      expect(allowed.status).toBe(202);
      await t.waitForTask(allowed.body.task_id, clinician);
      const normal = await post('/api/ai/schedules/', nobody, { cron: '0 7 * * *', query: 'census' });
      expect(normal.status).toBe(201);
      await t.request().delete(`/api/ai/schedules/${normal.body.schedule_id}`).set('authorization', `Bearer ${nobody}`).expect(204);
    });
  });

  describe('token lifetime', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const paths = (token: string) => [
      t.request().post('/api/ai/query/').set('authorization', `Bearer ${token}`).send({ query: 'status?', query_type: 'system' }),
      t.request().get('/api/ai/task/00000000-0000-4000-8000-000000000000/status/').set('authorization', `Bearer ${token}`),
      t.request().get('/api/ai/admin/queues/api/queues').set('authorization', `Bearer ${token}`),
    ];

    it('refuses a token without exp with 401 on the guard, the status route and the dashboard', async () => {
      const forever = t.token('admin-forever', ['admin'], { exp: undefined });
      for (const res of await Promise.all(paths(forever))) {
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ success: false, code: 'unauthorized' });
      }
      expect((await paths(forever)[0]).body.error).toMatch(/no expiry/);
    });

    it('refuses a token issued to live longer than JWT_MAX_AGE_SECONDS, with or without iat', async () => {
      const long = t.token('admin-long', ['admin'], { iat: now(), exp: now() + 7201 });
      const noIat = t.token('admin-no-iat', ['admin'], { iat: undefined, exp: now() + 7300 });
      for (const token of [long, noIat]) {
        for (const res of await Promise.all(paths(token))) expect(res.status).toBe(401);
      }
      expect((await paths(long)[0]).body.error).toMatch(/JWT_MAX_AGE_SECONDS/);
    });

    it('accepts a token within the limit on the same paths', async () => {
      const fine = t.token('admin-fine', ['admin'], { iat: now(), exp: now() + 7200 });
      const [query, status, dashboard] = await Promise.all(paths(fine));
      expect(query.status).toBe(200);
      expect(status.status).toBe(404); // authenticated; the task does not exist
      expect(dashboard.status).toBe(200);
    });
  });
});
