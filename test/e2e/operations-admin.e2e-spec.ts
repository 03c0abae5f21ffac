/**
 * The queue dashboard (bull-board) at /api/ai/admin/queues: admin role only (401/403 otherwise,
 * in the one error shape), reachable from a browser through the session cookie, and never
 * showing free text from job payloads.
 */
import jwt from 'jsonwebtoken';
import { createTestApp, type TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

const DASHBOARD = '/api/ai/admin/queues';

describe('queue dashboard (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let clinician: string;

  beforeAll(async () => {
    t = await createTestApp({ mcp: 'test-tools' });
    admin = t.token('ops-admin', ['admin']);
    clinician = t.token('ops-clinician', ['clinician']);
  });
  afterAll(() => t?.close());

  const get = (path: string, headers: Record<string, string> = {}) => {
    const req = t.request().get(path);
    for (const [name, value] of Object.entries(headers)) req.set(name, value);
    return req;
  };

  it('answers 401 in the error shape without a token, and with a forged or expired one', async () => {
    for (const path of [DASHBOARD, `${DASHBOARD}/`, `${DASHBOARD}/api/queues`, `${DASHBOARD}/static/js/main.js`]) {
      const res = await get(path);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ success: false, code: 'unauthorized', request_id: expect.any(String) });
    }
    const forged = t.token('ops-admin', ['admin']).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await get(`${DASHBOARD}/api/queues`, { authorization: `Bearer ${forged}` })).status).toBe(401);
    const expired = jwt.sign({ sub: 'ops-admin', roles: ['admin'], exp: Math.floor(Date.now() / 1000) - 10 }, t.secrets.JWT_SECRET);
    expect((await get(`${DASHBOARD}/api/queues`, { authorization: `Bearer ${expired}` })).status).toBe(401);
  });

  it('answers 403 for a valid token without the admin role', async () => {
    const res = await get(`${DASHBOARD}/api/queues`, { authorization: `Bearer ${clinician}` });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ success: false, code: 'forbidden' });
  });

  it('does not let an encoded or doubled path slip past the check', async () => {
    for (const path of ['/api/ai/admin/%71ueues/api/queues', '/api/ai//admin/queues/api/queues', '/api/ai/admin/queues%2Fapi%2Fqueues']) {
      const res = await get(path);
      expect(res.status).not.toBe(200);
      expect(res.text).not.toContain('"queues"');
    }
  });

  it('serves the dashboard and its API to an admin bearer', async () => {
    const page = await get(DASHBOARD, { authorization: `Bearer ${admin}` });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const api = await get(`${DASHBOARD}/api/queues`, { authorization: `Bearer ${admin}` });
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(['ai-query', 'code-analysis', 'database-query', 'medical-analysis']);
  });

  it('opens a browser session: httpOnly SameSite=Strict cookie on the dashboard path, admin only', async () => {
    expect((await t.request().post('/api/ai/admin/session').set('authorization', `Bearer ${clinician}`)).status).toBe(403);
    expect((await t.request().post('/api/ai/admin/session')).status).toBe(401);

    const opened = await t.request().post('/api/ai/admin/session').set('authorization', `Bearer ${admin}`);
    expect(opened.status).toBe(204);
    const cookie = String(opened.headers['set-cookie']);
    expect(cookie).toMatch(/^medcor_admin_session=[^;]+; Path=\/api\/ai\/admin\/queues; HttpOnly; SameSite=Strict; Max-Age=\d+/);
    const pair = cookie.split(';')[0];
    expect((await get(`${DASHBOARD}/api/queues`, { cookie: pair })).status).toBe(200);

    const closed = await t.request().delete('/api/ai/admin/session').set('authorization', `Bearer ${admin}`);
    expect(closed.status).toBe(204);
    expect(String(closed.headers['set-cookie'])).toMatch(/Max-Age=0/);
  });

  it('a clinician cookie does not open the dashboard either', async () => {
    expect((await get(`${DASHBOARD}/api/queues`, { cookie: `medcor_admin_session=${clinician}` })).status).toBe(403);
  });

  it("lets no admin add, edit or re-run a job: a job's meta names the user and roles a worker acts as", async () => {
    // An admin's own pending task, and a job claiming a clinician on some patient's care team: a
    // worker would read that record as them, audit it in their name, and store it in the admin's task.
    const own = await t.request().post('/api/ai/query/').set('authorization', `Bearer ${admin}`).send({ query: 'placeholder', use_celery: true, delay_seconds: 600 });
    expect(own.status).toBe(202);
    const forged = {
      meta: { taskId: own.body.task_id, kind: 'medical', requester: { userId: 'dr.on.the.team', roles: ['clinician'] }, priority: 'high', submittedAt: new Date().toISOString() },
      input: { medicalData: 'Summarise the record', analysisType: 'general', patientId: '17' },
    };
    const send = (method: 'post' | 'put' | 'patch', path: string, body: unknown) =>
      t.request()[method](`${DASHBOARD}${path}`).set('authorization', `Bearer ${admin}`).send(body as object);
    const added = await send('post', '/api/queues/medical-analysis/add', { name: 'process_medical_analysis_task', data: forged, options: {} });
    expect(added.status).toBe(405);
    const edited = await send('patch', `/api/queues/ai-query/${own.body.task_id}/update-data`, { jobData: forged });
    expect(edited.status).toBe(405);
    expect((await send('put', `/api/queues/ai-query/${own.body.task_id}/promote`, {})).status).toBe(405);
    const medical = await t.redis.keys(`${t.prefix}:bull:medical-analysis:[0-9]*`);
    expect(medical).toEqual([]);
    await t.request().delete(`/api/ai/task/${own.body.task_id}`).set('authorization', `Bearer ${admin}`).expect(200);
  });

  it('never shows the free text of a job payload', async () => {
    const secret = 'Patient Jane Roe, MRN 555-12-3456, crushing chest pain';
    const queued = await t
      .request()
      .post('/api/ai/query/')
      .set('authorization', `Bearer ${clinician}`)
      .send({ query: secret, use_celery: true, delay_seconds: 600 });
    expect(queued.status).toBe(202);

    const listing = await get(`${DASHBOARD}/api/queues?activeQueue=ai-query&status=delayed&page=1&jobsPerPage=50`, { authorization: `Bearer ${admin}` });
    expect(listing.status).toBe(200);
    const queue = listing.body.queues.find((q: { name: string }) => q.name === 'ai-query');
    const job = queue.jobs.find((j: { data: { meta?: { taskId?: string } } }) => j.data?.meta?.taskId === queued.body.task_id);
    expect(job).toBeDefined();
    // A general query's input is sealed in Bull; the dashboard shows not even the sealed text.
    expect(job.data.input).toEqual({ sealed: expect.stringMatching(/^\[redacted: \d+ characters\]$/) });

    const detail = await get(`${DASHBOARD}/api/queues/ai-query/${job.id}`, { authorization: `Bearer ${admin}` });
    expect(detail.status).toBe(200);
    for (const body of [listing.text, detail.text]) {
      expect(body).not.toContain('Jane Roe');
      expect(body).not.toContain('555-12-3456');
    }
    await t.request().delete(`/api/ai/task/${queued.body.task_id}`).set('authorization', `Bearer ${clinician}`);
  });
});

describe('queue dashboard in the worker role', () => {
  it('is not served', async () => {
    const w = await createTestApp({ role: 'worker', mcp: false });
    try {
      const res = await w.request().get(`${DASHBOARD}/api/queues`).set('authorization', `Bearer ${w.token('ops-admin', ['admin'])}`);
      expect(res.status).toBe(404);
    } finally {
      await w.close();
    }
  });
});
