/**
 * Attacks the SQL path for identifiers, over HTTP against the whole service (the real tools server
 * on a fresh PostgreSQL database, the fake LLM over HTTP): every direct identifier of the test
 * database is read straight from PostgreSQL as superuser, then analysts and clinicians run inline
 * SQL, background SQL and natural-language SQL through the agent (list_tables, describe_table,
 * sql_query). No identifier may appear in any HTTP response nor in anything the LLM received.
 */
import { Client } from 'pg';
import { createTestApp, type TestApp } from '../helpers/test-app';

interface Identifiers {
  /** Long enough to search as substrings: SSN, MRN, phone, e-mail, street address, exact birth date. */
  long: string[];
  /** Names: compared against whole JSON string values (a short surname can be part of a word). */
  names: Set<string>;
}

describe('PHI never leaves through the SQL path', () => {
  let t: TestApp;
  let ids: Identifiers;
  let admin: Client;

  beforeAll(async () => {
    t = await createTestApp();
    admin = new Client({ connectionString: t.database!.url });
    await admin.connect();
    const { rows } = await admin.query<Record<string, string>>(
      `SELECT first_name, last_name, ssn, mrn, phone, email, address, date_of_birth::text AS dob FROM medcor.patients`,
    );
    ids = {
      long: rows.flatMap((r) => [r.ssn, r.mrn, r.phone, r.email, r.address, r.dob]).filter(Boolean),
      names: new Set(rows.flatMap((r) => [r.first_name, r.last_name])),
    };
    expect(ids.long.length).toBeGreaterThan(1000);
  }, 120_000);

  afterAll(async () => {
    await admin?.end();
    await t?.close();
  });

  /** Every identifier found in `payload` (searched in its JSON text and its string values). */
  function leaked(payload: unknown): string[] {
    const text = JSON.stringify(payload);
    const strings = new Set<string>();
    JSON.parse(text, (_key, value: unknown) => {
      if (typeof value === 'string') for (const word of value.split(/[^A-Za-z'-]+/)) strings.add(word);
      return value;
    });
    return [...ids.long.filter((v) => text.includes(v)), ...[...ids.names].filter((n) => strings.has(n))];
  }

  const post = (token: string, query: string) =>
    t.request().post('/api/ai/database/').set('authorization', `Bearer ${token}`).send({ query, database: 'medcor_db2' });

  describe.each([
    ['analyst', ['analyst']],
    ['clinician', ['clinician']],
  ])('as %s', (who, roles) => {
    let token: string;
    beforeAll(() => {
      token = t.token(`phi-${who}`, roles);
    });

    it('inline SQL over patients returns de-identified rows only', async () => {
      const res = await post(token, 'SELECT * FROM patients LIMIT 50');
      expect(res.status).toBe(200);
      expect(res.body.row_count).toBe(50);
      expect(res.body.columns.map((c: { name: string }) => c.name)).toEqual(['patient_key', 'sex', 'birth_year', 'age_years', 'state', 'zip3']);
      expect(leaked(res.body)).toEqual([]);
    });

    it('background SQL joining every patient view returns no identifier', async () => {
      const res = await post(token,
        'SELECT p.*, e.*, d.* FROM patients p JOIN encounters e USING (patient_key) JOIN diagnoses d USING (encounter_key) ORDER BY e.admitted_year LIMIT 500');
      expect(res.status).toBe(202);
      const task = await t.waitForTask(res.body.task_id, token);
      expect(task.status).toBe('SUCCESS');
      expect(task.result.row_count).toBe(500);
      expect(leaked(task)).toEqual([]);
    });

    it('natural-language SQL through the agent sends the LLM nothing identifying and answers nothing identifying', async () => {
      t.llm.reset();
      const echoLastTool = (req: { body: { messages: Array<{ role: string; content?: unknown }> } }) =>
        ({ content: String([...req.body.messages].reverse().find((m) => m.role === 'tool')?.content ?? '') });
      t.llm.script(
        { toolCalls: [{ name: 'list_tables', arguments: { database: 'medcor_db2' } }] },
        { toolCalls: [{ name: 'describe_table', arguments: { database: 'medcor_db2', table: 'patients' } }] },
        { toolCalls: [{ name: 'sql_query', arguments: { database: 'medcor_db2', sql: 'SELECT * FROM patients p JOIN medications m USING (patient_key) LIMIT 200' } }] },
        { toolCalls: [{ name: 'sql_query', arguments: { database: 'medcor_db2', sql: 'SELECT first_name, ssn FROM medcor.patients LIMIT 5' } }] },
        echoLastTool,
      );
      const res = await post(token, 'List the patients with their medications');
      expect(res.status).toBe(202);
      const task = await t.waitForTask(res.body.task_id, token);
      expect(task.status).toBe('SUCCESS');
      expect(t.llm.requests.length).toBe(5);
      const toolMessages = t.llm.requests.flatMap((r) => r.body.messages.filter((m) => m.role === 'tool').map((m) => String(m.content)));
      expect(toolMessages.some((m) => m.includes('patient_key'))).toBe(true);
      expect(toolMessages.some((m) => m.includes('only reachable through the de-identified reporting schema'))).toBe(true);
      expect(leaked(t.llm.requests.map((r) => r.body))).toEqual([]);
      expect(leaked(task)).toEqual([]);
    });

    it('refuses the identified schema with 403 and the reason', async () => {
      const res = await post(token, 'SELECT first_name, last_name, ssn FROM medcor.patients');
      expect(res.status).toBe(403);
      expect(res.body.error).toContain('patient tables are only reachable through the de-identified reporting schema');
      expect(leaked(res.body)).toEqual([]);
    });

    it('refuses views that show other sessions', async () => {
      const res = await post(token, 'SELECT pid, usename, query FROM pg_stat_activity');
      expect(res.status).toBe(400);
      expect(res.body.details.rule).toBe('other_sessions');
    });
  });

  it('gives medcor_analyst no privilege on identified tables, bypassing the gate entirely', async () => {
    const url = new URL(t.database!.url);
    url.username = 'medcor_analyst';
    const analyst = new Client({ connectionString: url.toString() });
    await analyst.connect();
    try {
      for (const sql of ['SELECT ssn FROM medcor.patients', 'SELECT * FROM medcor_private.pseudonym_key', 'SELECT query FROM pg_stat_activity']) {
        const error = await analyst.query(sql).catch((e: { code?: string }) => e);
        expect({ sql, code: (error as { code?: string }).code }).toEqual({ sql, code: '42501' });
      }
      const { rows } = await analyst.query('SELECT count(*)::int AS n FROM patients');
      expect(rows[0].n).toBe(200);
    } finally {
      await analyst.end();
    }
  });

  it('audits each SQL request: action, database, fingerprint, row count, outcome; GET /api/ai/audit/ finds them', async () => {
    const { rows } = await admin.query<{ action: string; outcome: string; details: Record<string, unknown> }>(
      "SELECT action, outcome, details FROM medcor_audit.audit_log WHERE action IN ('sql_query', 'explain_query', 'describe_table', 'list_tables') ORDER BY id");
    const outcomes = new Set(rows.map((r) => `${r.action}:${r.outcome}`));
    for (const expected of ['sql_query:ok', 'sql_query:refused', 'describe_table:ok', 'list_tables:ok', 'explain_query:ok']) expect(outcomes).toContain(expected);
    const inline = rows.find((r) => r.action === 'sql_query' && r.details.row_count === 50);
    expect(inline?.details).toMatchObject({ database: 'medcor_db2', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) });
    // The actor is the identity the gateway asserted for the call, never 'anonymous'.
    const actors = new Set((await admin.query<{ actor: string }>("SELECT DISTINCT actor FROM medcor_audit.audit_log WHERE action = 'sql_query'")).rows.map((r) => r.actor));
    expect([...actors].sort()).toEqual(['phi-analyst', 'phi-clinician']);
    const actor = 'phi-analyst';
    const listed = await t.request().get(`/api/ai/audit/?actor=${encodeURIComponent(actor)}&action=sql_query`).set('authorization', `Bearer ${t.token('phi-auditor', ['auditor'])}`);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).toContain('"action":"sql_query"');
    expect(leaked(listed.body)).toEqual([]);
  });
});
