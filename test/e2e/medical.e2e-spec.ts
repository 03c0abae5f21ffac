/**
 * POST /api/ai/medical end to end: the real medcor-tools server on a fresh PostgreSQL demo
 * database, the worker in-process, the fake OpenAI-compatible LLM. Proves the care-team rule
 * (403 before any record is read), the audit rows, and that no identifier of the test patient
 * reaches the LLM or Redis while the clinician gets the result re-identified.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { lastUserMessageText } from '../fake-llm/fake-llm-server';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { dumpRedis } from '../helpers/redis-dump';
import { ToolError, ToolErrorCode, type ToolDefinition } from '../../src/mcp-server/tools/tool-definition';

interface Patient {
  id: number;
  mrn: string;
  first_name: string;
  last_name: string;
  date_of_birth: string;
  phone: string;
  email: string;
  address: string;
  ssn: string;
}

interface AuditRow {
  actor: string;
  action: string;
  outcome: string;
  patient_id: number | null;
  purpose: string | null;
  task_id: string | null;
  request_id: string | null;
  details: Record<string, unknown> | null;
}

/** Request ids are opaque (a UUID here): the service replaces one that could carry words. */
const requestIds = new Map<string, string>();
const rid = (name: string): string => requestIds.get(name) ?? (requestIds.set(name, randomUUID()), requestIds.get(name)!);

describe('POST /api/ai/medical (e2e)', () => {
  let t: TestApp;
  let db: Client;
  let patient: Patient;
  let onTeam: string;
  let offTeam: string;
  const recordCalls: unknown[] = [];
  /** Set to make audit_append fail as it would with its database down (a fault we cannot cause otherwise). */
  let auditDown = false;

  /** The real tools, with patient_record's calls counted on the server side and audit_append breakable. */
  const instrument = (tools: ToolDefinition[]): ToolDefinition[] =>
    tools.map((tool) => {
      if (tool.name === 'patient_record') {
        return {
          ...tool,
          handler: async (args, ctx) => {
            recordCalls.push(args);
            return tool.handler(args, ctx);
          },
        };
      }
      if (tool.name === 'audit_append') {
        return {
          ...tool,
          handler: async (args, ctx) => {
            if (auditDown) throw new ToolError(ToolErrorCode.Unavailable, 'audit database unavailable');
            return tool.handler(args, ctx);
          },
        };
      }
      return tool;
    });

  beforeAll(async () => {
    // One attempt: the audit-outage case would otherwise wait out Bull's delayed retries.
    t = await createTestApp({ tools: instrument, env: { TASK_MAX_RETRIES: '0' } });
    db = new Client({ connectionString: t.database!.url });
    await db.connect();
    const p = await db.query<Patient>(
      `SELECT id, mrn, first_name, last_name, date_of_birth::text AS date_of_birth, phone, email, address, ssn
         FROM medcor.patients WHERE id = 1`,
    );
    patient = p.rows[0];
    const team = await db.query<{ user_id: string }>('SELECT user_id FROM medcor.care_team WHERE patient_id = $1 ORDER BY role', [patient.id]);
    onTeam = team.rows[0].user_id;
    const other = await db.query<{ user_id: string }>(
      'SELECT user_id FROM medcor.providers WHERE user_id NOT IN (SELECT user_id FROM medcor.care_team WHERE patient_id = $1) ORDER BY id LIMIT 1',
      [patient.id],
    );
    offTeam = other.rows[0].user_id;
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  beforeEach(() => {
    t.llm.reset();
    recordCalls.length = 0;
    auditDown = false;
  });

  const usDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
  const note = () =>
    `${patient.first_name} ${patient.last_name} (MRN ${patient.mrn}), DOB ${usDate(patient.date_of_birth)}, SSN ${patient.ssn}, ` +
    `phone ${patient.phone}, email ${patient.email}, lives at ${patient.address}. ` +
    'Three weeks of chest tightness on exertion, relieved by rest; BP 152/94. Father had an MI at 55.';

  /** Every form in which the test patient's identifiers could leak. */
  const identifierPatterns = (): Array<[string, RegExp]> => {
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return [
      ['first name', new RegExp(`\\b${escape(patient.first_name)}\\b`)],
      ['last name', new RegExp(`\\b${escape(patient.last_name)}\\b`, 'i')],
      ['MRN', new RegExp(escape(patient.mrn), 'i')],
      ['SSN', new RegExp(escape(patient.ssn))],
      ['SSN digits', new RegExp(patient.ssn.replace(/\D/g, ''))],
      ['phone', new RegExp(escape(patient.phone))],
      ['email', new RegExp(escape(patient.email), 'i')],
      ['address', new RegExp(escape(patient.address), 'i')],
      ['date of birth', new RegExp(escape(patient.date_of_birth))],
      ['date of birth (US)', new RegExp(escape(usDate(patient.date_of_birth)))],
    ];
  };
  const leaks = (text: string): string[] => identifierPatterns().filter(([, re]) => re.test(text)).map(([name]) => name);

  const submit = (token: string, body: Record<string, unknown>, requestId?: string) => {
    const req = t.request().post('/api/ai/medical/').set('authorization', `Bearer ${token}`);
    if (requestId) req.set('x-request-id', requestId);
    return req.send(body);
  };

  const auditRows = async (where: string, params: unknown[]): Promise<AuditRow[]> =>
    (
      await db.query<AuditRow>(
        `SELECT actor, action, outcome, patient_id, purpose, task_id, request_id, details FROM medcor_audit.audit_log WHERE ${where} ORDER BY id`,
        params,
      )
    ).rows;

  /** A diagnosis answer that names the patient by the placeholder the model was given. */
  const scriptDiagnosis = () =>
    t.llm.script((request) => {
      const text = lastUserMessageText(request);
      const person = /\[PERSON_\d+\]/.exec(text)?.[0] ?? 'The patient';
      return {
        json: {
          summary: `${person} has exertional chest tightness with raised blood pressure.`,
          findings: ['Exertional chest tightness for three weeks', 'BP 152/94', 'Family history of premature MI'],
          red_flags: [{ finding: 'Possible unstable angina', urgency: 'urgent', action: 'Same-day ECG and troponin' }],
          confidence: 0.72,
          differential: [
            { condition: 'Stable angina', icd10_code: 'I20.9', likelihood: 'high', supporting_evidence: ['exertional, relieved by rest'], against: [] },
            { condition: 'Gastro-oesophageal reflux', icd10_code: 'K21.9', likelihood: 'low', supporting_evidence: [], against: ['exertional pattern'] },
          ],
          suggested_tests: ['12-lead ECG', 'Troponin', 'Exercise stress test'],
        },
      };
    });

  it('refuses a caller without the clinician role with 403 before any record is read, and audits the denial', async () => {
    const res = await submit(t.token('audit.amy', ['auditor']), { medical_data: note(), analysis_type: 'diagnosis', patient_id: patient.id }, rid('nonclin'));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ success: false, code: 'forbidden', details: { required_roles: ['clinician', 'admin'] } });
    expect(recordCalls).toHaveLength(0);
    expect(t.llm.requests).toHaveLength(0);
    expect(await auditRows('request_id = $1', [rid('nonclin')])).toEqual([
      expect.objectContaining({ actor: 'audit.amy', action: 'patient_access', outcome: 'denied', patient_id: patient.id, purpose: 'diagnosis', task_id: null }),
    ]);
  });

  it('refuses a clinician who is not on the care team with 403 before any record is read, and audits the denial', async () => {
    const res = await submit(t.token(offTeam, ['clinician']), { medical_data: note(), analysis_type: 'treatment', patient_id: String(patient.id) }, rid('offteam'));
    expect(res.status).toBe(403);
    expect(recordCalls).toHaveLength(0);
    const rows = await auditRows('request_id = $1', [rid('offteam')]);
    expect(rows).toEqual([expect.objectContaining({ actor: offTeam, action: 'patient_access', outcome: 'denied', patient_id: patient.id, purpose: 'treatment' })]);
    expect(JSON.stringify(rows)).not.toContain(patient.last_name);
  });

  it('answers 503, not 403, when the denial cannot be audited', async () => {
    auditDown = true;
    const res = await submit(t.token('audit.amy', ['auditor']), { medical_data: note(), patient_id: patient.id }, rid('auditdown'));
    expect(res.status).toBe(503);
    expect(recordCalls).toHaveLength(0);
  });

  it('never analyses a record whose read could not be audited', async () => {
    auditDown = true;
    scriptDiagnosis();
    const token = t.token(onTeam, ['clinician']);
    const res = await submit(token, { medical_data: `${note()} Audit outage case.`, analysis_type: 'diagnosis', patient_id: patient.id });
    expect(res.status).toBe(202);
    const done = await t.waitForTask(res.body.task_id, token, { timeoutMs: 30_000 });
    expect(done.status).toBe('FAILURE');
    expect(done.result).toMatchObject({ code: 'mcp_unavailable' });
    expect(recordCalls.length).toBeGreaterThan(0);
    expect(t.llm.requests).toHaveLength(0);
  }, 60_000);

  it('refuses research on one patient with 400', async () => {
    const res = await submit(t.token(onTeam, ['clinician']), { medical_data: 'Outcomes in E11?', analysis_type: 'research', patient_id: patient.id });
    expect(res.status).toBe(400);
    expect(recordCalls).toHaveLength(0);
  });

  it('runs a diagnosis from submit to SUCCESS: nothing identifying reaches the LLM or Redis, the clinician reads it re-identified', async () => {
    scriptDiagnosis();
    const token = t.token(onTeam, ['clinician']);
    const res = await submit(token, { medical_data: note(), analysis_type: 'diagnosis', patient_id: patient.id }, rid('ok'));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'PENDING', analysis_type: 'diagnosis' });

    const done = await t.waitForTask(res.body.task_id, token, { timeoutMs: 30_000 });
    expect(done.status).toBe('SUCCESS');
    expect(recordCalls).toHaveLength(1);
    const result = done.result;
    expect(result).toMatchObject({ success: true, analysis_type: 'diagnosis', patient_id: patient.id, cached: false });
    expect(result.analysis.summary).toBe(`${patient.first_name} ${patient.last_name} has exertional chest tightness with raised blood pressure.`);
    expect(result.analysis.differential.map((d: { condition: string }) => d.condition)).toEqual(['Stable angina', 'Gastro-oesophageal reflux']);
    expect(result.analysis.red_flags[0]).toMatchObject({ urgency: 'urgent' });
    expect(result.analysis.confidence).toBeCloseTo(0.72);
    expect(result.disclaimer).toMatch(/decision support/i);
    expect(result.deidentification.identifiers_replaced).toBeGreaterThan(0);

    // What the OpenAI-compatible server received: the structured-output request, and no identifier.
    expect(t.llm.requests).toHaveLength(1);
    const sent = t.llm.requests[0].body;
    expect(sent.response_format?.type).toBe('json_schema');
    const sentText = JSON.stringify(sent);
    expect(sentText).toContain('[PERSON_1]');
    expect(leaks(sentText)).toEqual([]);

    // Redis holds the job payload, the task record, its events and the cached result: none readable.
    const stored = await dumpRedis(t);
    expect(stored.length).toBeGreaterThan(0);
    expect(leaks(stored)).toEqual([]);

    const rows = await auditRows('task_id = $1', [res.body.task_id]);
    expect(rows.map((r) => `${r.action}:${r.outcome}`)).toEqual(['patient_record_read:success', 'medical_analysis:success']);
    for (const row of rows) expect(row).toMatchObject({ actor: onTeam, patient_id: patient.id, purpose: 'diagnosis', request_id: rid('ok') });
  }, 60_000);

  it('records a failed analysis in the audit log and stores a FAILURE without patient text', async () => {
    t.llm.script({ error: { status: 400, message: 'bad request' } });
    const token = t.token(onTeam, ['clinician']);
    const res = await submit(token, { medical_data: `${note()} Now also short of breath.`, analysis_type: 'monitoring', patient_id: patient.id }, rid('fail'));
    expect(res.status).toBe(202);
    const done = await t.waitForTask(res.body.task_id, token, { timeoutMs: 30_000 });
    expect(done.status).toBe('FAILURE');
    expect(leaks(JSON.stringify(done))).toEqual([]);
    const rows = await auditRows('task_id = $1', [res.body.task_id]);
    expect(rows.map((r) => `${r.action}:${r.outcome}`)).toEqual(['patient_record_read:success', 'medical_analysis:failure']);
    expect(rows[1]).toMatchObject({ purpose: 'monitoring', request_id: rid('fail'), details: expect.objectContaining({ code: 'llm_config' }) });
  }, 60_000);
});
