/**
 * GET /api/ai/audit end to end: rows written by real medical requests through the real
 * medcor-tools server on a fresh PostgreSQL database, read back by role, filter and page.
 */
import { Client } from 'pg';
import { createTestApp, type TestApp } from '../helpers/test-app';

describe('GET /api/ai/audit (e2e)', () => {
  let t: TestApp;
  let patientId: number;
  let offTeam: string;
  const started = new Date(Date.now() - 1000).toISOString();

  beforeAll(async () => {
    t = await createTestApp();
    const db = new Client({ connectionString: t.database!.url });
    await db.connect();
    try {
      patientId = 2;
      const other = await db.query<{ user_id: string }>(
        'SELECT user_id FROM medcor.providers WHERE user_id NOT IN (SELECT user_id FROM medcor.care_team WHERE patient_id = $1) ORDER BY id LIMIT 1',
        [patientId],
      );
      offTeam = other.rows[0].user_id;
    } finally {
      await db.end();
    }
    // Three denials to list: two by a clinician off the team, one by a non-clinician.
    for (const [user, roles, type] of [
      [offTeam, ['clinician'], 'diagnosis'],
      [offTeam, ['clinician'], 'treatment'],
      ['nurse.ng', ['nurse'], 'general'],
    ] as const) {
      const res = await t
        .request()
        .post('/api/ai/medical/')
        .set('authorization', `Bearer ${t.token(user, [...roles])}`)
        .send({ medical_data: 'Shortness of breath.', analysis_type: type, patient_id: patientId });
      expect(res.status).toBe(403);
    }
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const list = (token: string, query: Record<string, string | number> = {}) =>
    t.request().get('/api/ai/audit/').query(query).set('authorization', `Bearer ${token}`);

  it('lets an auditor list entries, newest first, filtered by patient and action', async () => {
    const res = await list(t.token('audit.amy', ['auditor']), { patient_id: patientId, action: 'patient_access' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ limit: 50, offset: 0, total: 3 });
    expect(res.body.entries.map((e: { actor: string; purpose: string }) => `${e.actor}:${e.purpose}`)).toEqual([
      'nurse.ng:general',
      `${offTeam}:treatment`,
      `${offTeam}:diagnosis`,
    ]);
    expect(res.body.entries[0]).toMatchObject({ action: 'patient_access', outcome: 'denied', patient_id: patientId, actor_roles: ['nurse'] });
  });

  it('filters by actor and time range and pages with limit and offset', async () => {
    const token = t.token('root', ['admin']);
    const byActor = await list(token, { actor: offTeam, since: started });
    expect(byActor.status).toBe(200);
    expect(byActor.body.entries).toHaveLength(2);
    const page = await list(token, { patient_id: patientId, limit: 1, offset: 1 });
    expect(page.body).toMatchObject({ limit: 1, offset: 1, total: 3 });
    expect(page.body.entries).toHaveLength(1);
    expect(page.body.entries[0].purpose).toBe('treatment');
    const future = await list(token, { since: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.body.entries).toEqual([]);
  });

  it('refuses a clinician with 403', async () => {
    const res = await list(t.token(offTeam, ['clinician']));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ success: false, code: 'forbidden' });
  });

  it('refuses a limit over 200 with 400', async () => {
    expect((await list(t.token('audit.amy', ['auditor']), { limit: 201 })).status).toBe(400);
  });
});
