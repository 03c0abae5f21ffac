/**
 * Issue 14, items 5 and 6, attacked over HTTP: real identifiers of the demo database (read
 * straight from PostgreSQL) are put in front of every path to the LLM — a tool returning
 * identified rows, sql_query over the patient table, a general query whose text and context
 * name a patient, a code review whose code embeds an SSN — and no request the (fake) LLM receives
 * may contain one. Answers are re-identified only where the rule says so; results in Redis are
 * sealed; webhooks are thin, and in production http and private callback hosts are refused.
 */
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { z } from 'zod';
import { defineTool, ToolError, ToolErrorCode, type ToolDefinition } from '../../src/mcp-server/tools/tool-definition';
import type { FakeLlmRequest } from '../fake-llm/fake-llm-server';
import { dumpRedis } from '../helpers/redis-dump';
import { createTestApp, signToken, TestApp } from '../helpers/test-app';

interface Patient {
  first_name: string;
  last_name: string;
  ssn: string;
  mrn: string;
  phone: string;
  email: string;
}

const COLUMNS: Array<keyof Patient> = ['first_name', 'last_name', 'ssn', 'mrn', 'phone', 'email'];
const WEBHOOK_SECRET = 'webhook-secret-for-tests-0123456789';

/** The identifiers of these patients, each with how to find it in text. */
function identifiers(patients: Patient[]): Array<{ value: string; re: RegExp }> {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return patients.flatMap((p) =>
    COLUMNS.filter((c) => p[c]).map((c) => ({
      value: p[c],
      // Names as whole words (a first name may be part of a longer word); the rest anywhere.
      re: c.endsWith('_name') ? new RegExp(`\\b${escape(p[c])}\\b`) : new RegExp(escape(p[c])),
    })),
  );
}

function leaks(text: string, ids: Array<{ value: string; re: RegExp }>): string[] {
  return ids.filter((id) => id.re.test(text)).map((id) => id.value);
}

const lastToolText = (req: FakeLlmRequest): string => {
  const message = [...req.body.messages].reverse().find((m) => m.role === 'tool');
  return typeof message?.content === 'string' ? message.content : JSON.stringify(message?.content ?? '');
};

describe('patient identifiers never leave for the LLM; results sealed; thin webhooks (e2e)', () => {
  let t: TestApp;
  let patients: Patient[] = [];
  let ids: Array<{ value: string; re: RegExp }>;
  let analyst: string;
  let receiver: WebhookReceiver;
  let hookUrl: string;
  const deliveries: string[] = [];

  /** A test-only agent tool that returns identified patient rows, as a tool reading patient tables could. */
  const identifiedRows: ToolDefinition = defineTool({
    name: 'identified_patients',
    title: 'Identified patients (test only)',
    description: 'Returns a few patients with their identifiers.',
    inputSchema: { limit: z.number().int().positive().max(10).optional() },
    audience: 'agent',
    readOnly: true,
    handler: async () => ({
      text: [COLUMNS.join(' | '), ...patients.map((p) => COLUMNS.map((c) => p[c]).join(' | '))].join('\n'),
      data: { columns: COLUMNS.map((name) => ({ name })), rows: patients.map((p) => COLUMNS.map((c) => p[c])) },
    }),
  });

  /** A test-only tool whose error message quotes identifiers, as a careless tool's could. */
  const identifiedError: ToolDefinition = defineTool({
    name: 'identified_error',
    title: 'Identified error (test only)',
    description: 'Fails with a message naming a patient.',
    inputSchema: {},
    audience: 'agent',
    readOnly: true,
    handler: async () => {
      const p = patients[3];
      throw new ToolError(ToolErrorCode.Refused, `No record for ${p.first_name} ${p.last_name} (SSN ${p.ssn}, MRN ${p.mrn}, ${p.email})`);
    },
  });

  beforeAll(async () => {
    receiver = await startWebhookReceiver((delivery) => {
      deliveries.push(delivery.body);
    });
    hookUrl = receiver.url;

    t = await createTestApp({
      tools: (real) => [...real, identifiedRows, identifiedError],
      env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_SECRET },
    });
    const pg = new Client({ connectionString: t.database!.url });
    await pg.connect();
    try {
      const rows = await pg.query<Patient>(`SELECT ${COLUMNS.join(', ')} FROM medcor.patients WHERE ssn IS NOT NULL AND phone IS NOT NULL AND email IS NOT NULL ORDER BY id LIMIT 5`);
      patients = rows.rows;
    } finally {
      await pg.end();
    }
    expect(patients).toHaveLength(5);
    ids = identifiers(patients);
    analyst = t.token('alice', ['analyst']);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });
  beforeEach(() => t.llm.reset());

  const post = (path: string, body: Record<string, unknown>, token = analyst) => t.request().post(path).set('authorization', `Bearer ${token}`).send(body);
  const sentToLlm = () => t.llm.requests.map((r) => JSON.stringify(r.body)).join('\n');

  it('replaces the identifiers in a tool result before the model sees them, and keeps them out of a general answer', async () => {
    t.llm.script({ toolCalls: [{ name: 'identified_patients', arguments: {} }] }, (req) => ({ content: `Rows:\n${lastToolText(req)}` }));
    const res = await post('/api/ai/query/', { query: 'list a few patients' }).expect(200);
    expect(t.llm.requests).toHaveLength(2);
    expect(lastToolText(t.llm.requests[1])).toMatch(/\[SSN_\d+\]/);
    expect(leaks(sentToLlm(), ids)).toEqual([]);
    // The general path may not hand direct identifiers to its caller: tool data stays replaced.
    expect(res.body.response).toMatch(/\[SSN_\d+\]/);
    expect(leaks(res.body.response, ids)).toEqual([]);
  });

  it('keeps placeholders and re-identification across an inline query handed to a worker', async () => {
    const p = patients[4];
    const userText = (req: FakeLlmRequest) => String(req.body.messages.find((m) => m.role === 'user')?.content ?? '');
    t.llm.script(
      { toolCalls: [{ name: 'identified_patients', arguments: {} }] },
      { toolCalls: [{ name: 'identified_patients', arguments: { limit: 2 } }] },
      (req) => ({ content: `Asked: ${userText(req)}\n${lastToolText(req)}` }),
    );
    const res = await post('/api/ai/query/', { query: `What do the rows say about SSN ${p.ssn}?` });
    expect(res.status).toBe(202);
    expect(res.body.routing).toMatchObject({ rule: 'inline_promoted' });
    const done = await t.waitForTask(res.body.task_id, analyst);
    expect(done.status).toBe('SUCCESS');
    expect(t.llm.requests).toHaveLength(3);
    expect(leaks(sentToLlm(), ids)).toEqual([]);
    // The worker showed the model the same placeholder the inline part did.
    const token = (req: FakeLlmRequest) => /\[SSN_\d+\]/.exec(userText(req))?.[0];
    expect(token(t.llm.requests[2])).toBe(token(t.llm.requests[0]));
    expect(done.result.response).toContain(`Asked: What do the rows say about SSN ${p.ssn}?`);
    // Tool rows stay replaced, except the value the caller wrote themselves (the caller's, so theirs to see).
    expect(leaks(done.result.response.split('\n').slice(1).join('\n'), identifiers(patients.slice(0, 4)))).toEqual([]);
  });

  it('replaces the identifiers in a tool error before the model sees it', async () => {
    t.llm.script({ toolCalls: [{ name: 'identified_error', arguments: {} }] }, (req) => ({ content: lastToolText(req) }));
    const res = await post('/api/ai/query/', { query: 'try the failing tool' }).expect(200);
    expect(lastToolText(t.llm.requests[1])).toMatch(/status="error"[\s\S]*\[SSN_\d+\]/);
    expect(leaks(sentToLlm(), identifiers([patients[3]]))).toEqual([]);
    expect(leaks(res.body.response, identifiers([patients[3]]))).toEqual([]);
  });

  it('replaces the identifiers the caller writes in query and context, and gives them back to that caller', async () => {
    const p = patients[0];
    const res = await post('/api/ai/query/', {
      query: `Summarise the situation of ${p.first_name} ${p.last_name}, SSN ${p.ssn}`,
      context: { phone: p.phone, email: p.email, mrn: p.mrn },
    }).expect(200);
    const sent = sentToLlm();
    expect(leaks(sent, identifiers([p]))).toEqual([]);
    // The fake model echoes the user message: the caller supplied these values, so they come back.
    expect(res.body.response).toContain(p.ssn);
    expect(res.body.response).toContain(p.last_name);
  });

  it('streams an answer re-identified for the caller while the model saw placeholders', async () => {
    const p = patients[1];
    const res = await post('/api/ai/query/', { query: `Patient SSN ${p.ssn}`, stream: true }).buffer(true).parse((r, done) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString()));
      r.on('end', () => done(null, text));
    });
    expect(leaks(sentToLlm(), identifiers([p]))).toEqual([]);
    expect(res.body as string).toContain(p.ssn);
  });

  it('keeps identifiers from sql_query rows away from the model on the natural-language database path', async () => {
    // The identified table is refused on this path; the reporting view answers with pseudonymous rows.
    t.llm.script(
      { toolCalls: [{ name: 'sql_query', arguments: { sql: 'SELECT * FROM medcor.patients ORDER BY id LIMIT 5', database: 'medcor_db2' } }] },
      { toolCalls: [{ name: 'sql_query', arguments: { sql: 'SELECT * FROM patients LIMIT 5', database: 'medcor_db2' } }] },
      (req) => ({ content: `Here: ${lastToolText(req).slice(0, 400)}` }),
    );
    const res = await post('/api/ai/database/', { query: 'show me five patients with all their details', database: 'medcor_db2' }).expect(202);
    const done = await t.waitForTask(res.body.task_id, analyst);
    expect(done.status).toBe('SUCCESS');
    expect(done.result.sql_attempts.map((a: { success: boolean }) => a.success)).toEqual([false, true]);
    expect(done.result.row_count).toBe(5);
    expect(t.llm.requests.length).toBeGreaterThanOrEqual(3);
    expect(leaks(sentToLlm(), ids)).toEqual([]);
    expect(leaks(done.result.response.split('SQL run:')[0], ids)).toEqual([]);
  });

  it('replaces an SSN embedded in code before the review prompt; the review names it by placeholder', async () => {
    const p = patients[2];
    // Line 3: TypeScript's diagnostic quotes the literal's type, SSN included.
    const code = `// test fixture\nconst patient = { ssn: '${p.ssn}', email: '${p.email}' };\nexport const checked: 'redacted' = '${p.ssn}';\nexport default patient;\n`;
    t.llm.script((req) => {
      const user = req.body.messages.find((m) => m.role === 'user');
      const token = /\[SSN_\d+\]/.exec(typeof user?.content === 'string' ? user.content : '')?.[0] ?? 'no placeholder';
      return { json: { summary: `Hard-coded SSN ${token} on line 2.`, issues: [], security: { risk_level: 'high', summary: 'PII in code', concerns: [] }, optimizations: [] } };
    });
    const res = await post('/api/ai/code/', { code, filename: 'patient.ts' }).expect(202);
    // The static analyser on the tools server can miss its MCP timeout on a loaded machine and be retried.
    const done = await t.waitForTask(res.body.task_id, analyst, { timeoutMs: 80_000 });
    expect(t.llm.requests).toHaveLength(1);
    expect(leaks(sentToLlm(), identifiers([p]).filter((id) => !id.value.match(/^[A-Z][a-z]+$/)))).toEqual([]);
    expect(done.result.review.summary).toMatch(/^Hard-coded SSN \[SSN_\d+\] on line 2\.$/);
    // Neither the result (static findings included) nor the code cache holds it: both are in clear at rest.
    const token = /\[SSN_\d+\]/.exec(done.result.review.summary)?.[0];
    expect(done.result.findings).toContainEqual(expect.objectContaining({ rule: 'TS2322', line: 3, message: `Type '"${token}"' is not assignable to type '"redacted"'.` }));
    const formatted = identifiers([p]).filter((id) => !id.value.match(/^[A-Z][a-z]+$/));
    expect(leaks(JSON.stringify(done.result), formatted)).toEqual([]);
    expect(leaks(await dumpRedis(t), formatted)).toEqual([]);
  }, 90_000);

  it('stores general and database results sealed: no identifier is in clear anywhere under the prefix', async () => {
    t.llm.script({ toolCalls: [{ name: 'identified_patients', arguments: {} }] }, (req) => ({ content: `Rows:\n${lastToolText(req)}` }));
    const general = await post('/api/ai/query/', { query: 'list a few patients', use_celery: true }).expect(202);
    const generalDone = await t.waitForTask(general.body.task_id, analyst);
    expect(generalDone.status).toBe('SUCCESS');
    // Database answers carry rows to the caller: sealed at rest, in the task and in the result cache.
    const sql = await post('/api/ai/database/', { query: 'SELECT * FROM patients LIMIT 5', database: 'medcor_db2', use_celery: true }).expect(202);
    const sqlDone = await t.waitForTask(sql.body.task_id, analyst);
    expect(sqlDone.status).toBe('SUCCESS');

    const stored = await dumpRedis(t);
    expect(stored.length).toBeGreaterThan(0);
    expect(leaks(stored, ids)).toEqual([]);
    for (const id of [general.body.task_id, sql.body.task_id]) expect(await t.redis.hget(`${t.prefix}:task:${id}`, 'sealed')).toBe('1');
    // The owner still reads them through the status route (opened for them).
    expect(generalDone.result.response).toMatch(/\[SSN_\d+\]/);
  });

  it("keeps a queued task's text (code too), its idempotency key, a schedule's text and a failure's text out of clear Redis (Bull's job data and failedReason)", async () => {
    const p = patients[0];
    const said = `Summarise ${p.first_name} ${p.last_name}, SSN ${p.ssn}, MRN ${p.mrn}`;
    // Waiting in Bull for an hour: its job data sits in Redis all that time.
    // A client's idempotency key may name the patient too: only its hash is a Redis key.
    const waiting = await post('/api/ai/query/', { query: said, context: { phone: p.phone, email: p.email }, delay_seconds: 3600 })
      .set('idempotency-key', `summary-${p.mrn}-${p.last_name}`)
      .expect(202);
    const code = await post('/api/ai/code/', { code: `const fixture = { ssn: '${p.ssn}', mrn: '${p.mrn}' };\n`, delay_seconds: 3600 }).expect(202);
    const scheduled = await post('/api/ai/schedules/', { name: `${p.last_name} follow-up`, cron: '0 7 * * *', query: said, context: { phone: p.phone } }).expect(201);
    // PostgreSQL's error quotes the literal it choked on; Bull keeps a failed job's data and reason for a day.
    const failing = await post('/api/ai/database/', { query: `SELECT count(*) FROM patients WHERE age_years = '${p.ssn}'::int`, database: 'medcor_db2', use_celery: true }).expect(202);
    const failed = await t.waitForTask(failing.body.task_id, analyst);
    expect(failed).toMatchObject({ status: 'FAILURE', result: { error: expect.stringContaining(p.ssn) } });

    const stored = await dumpRedis(t);
    expect(stored).toContain(waiting.body.task_id);
    expect(leaks(stored, identifiers([p]))).toEqual([]);
    // The owner still reads their schedule's query as written.
    const own = await t.request().get(`/api/ai/schedules/${scheduled.body.schedule_id}`).set('authorization', `Bearer ${analyst}`).expect(200);
    expect(own.body).toMatchObject({ query: said, name: `${p.last_name} follow-up` });
    // A schedule saved by an earlier version (text in clear) is sealed at its first read.
    const [recordKey] = await t.redis.keys(`${t.prefix}:schedule:*${scheduled.body.schedule_id}*`);
    const { sealed: _sealed, ...record } = JSON.parse((await t.redis.get(recordKey))!) as Record<string, unknown>;
    await t.redis.set(recordKey, JSON.stringify({ ...record, name: `${p.last_name} follow-up`, query: said, context: { phone: p.phone } }));
    expect(leaks(await dumpRedis(t), identifiers([p]))).not.toEqual([]);
    const legacy = await t.request().get('/api/ai/schedules/').set('authorization', `Bearer ${analyst}`).expect(200);
    expect(legacy.body.schedules).toEqual(expect.arrayContaining([expect.objectContaining({ schedule_id: scheduled.body.schedule_id, query: said })]));
    expect(leaks(await dumpRedis(t), identifiers([p]))).toEqual([]);
    await t.request().delete(`/api/ai/task/${waiting.body.task_id}`).set('authorization', `Bearer ${analyst}`).expect(200);
    await t.request().delete(`/api/ai/task/${code.body.task_id}`).set('authorization', `Bearer ${analyst}`).expect(200);
    await t.request().delete(`/api/ai/schedules/${scheduled.body.schedule_id}`).set('authorization', `Bearer ${analyst}`).expect(204);
  });

  it("opens a sealed result only for the owner it was sealed for: an owner rewritten in Redis opens nothing", async () => {
    const p = patients[1];
    const res = await post('/api/ai/query/', { query: `Patient SSN ${p.ssn}`, use_celery: true }).expect(202);
    const done = await t.waitForTask(res.body.task_id, analyst);
    expect(done.result.response).toContain(p.ssn);
    // Someone who can write to Redis (a leaked password, a restored backup) and holds any token of their own.
    const mallory = t.token('mallory');
    await t.redis.hset(`${t.prefix}:task:${res.body.task_id}`, 'owner', 'mallory');
    const polled = await t.request().get(`/api/ai/task/${res.body.task_id}/status/`).set('authorization', `Bearer ${mallory}`);
    expect(polled.body).toMatchObject({ success: false });
    expect(polled.text).not.toContain(p.ssn);
    const events = await t.request().get(`/api/ai/task/${res.body.task_id}/events/`).set('authorization', `Bearer ${mallory}`).buffer(true).parse((r, end) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString()));
      r.on('end', () => end(null, text));
    });
    expect(String(events.body)).not.toContain(p.ssn);
  });

  it('sends a webhook body with the task id, type, status, timestamps and status URL only', async () => {
    deliveries.length = 0;
    t.llm.script({ toolCalls: [{ name: 'identified_patients', arguments: {} }] }, (req) => ({ content: lastToolText(req) }));
    const res = await post('/api/ai/query/', { query: 'list them and call me back', use_celery: true, callback_url: hookUrl }).expect(202);
    await t.waitForTask(res.body.task_id, analyst);
    for (let i = 0; i < 100 && deliveries.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(deliveries).toHaveLength(1);
    const body = JSON.parse(deliveries[0]);
    expect(Object.keys(body).sort()).toEqual(['created_at', 'status', 'status_url', 'task_id', 'task_type', 'timestamp', 'updated_at']);
    expect(body).toMatchObject({ task_id: res.body.task_id, task_type: 'query', status: 'SUCCESS', status_url: `/api/ai/task/${res.body.task_id}/status/` });
  });

  describe('in production', () => {
    let prod: TestApp;
    let token: string;

    beforeAll(async () => {
      const secret = randomBytes(32).toString('hex');
      prod = await createTestApp({
        mcp: false,
        env: {
          NODE_ENV: 'production',
          JWT_SECRET: secret,
          PHI_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
          WEBHOOK_SECRET,
          WEBHOOK_ALLOWED_HOSTS: 'localhost,127.0.0.1,hooks.example.com',
        },
      });
      token = signToken('carol', ['clinician'], {}, secret);
    });
    afterAll(() => prod.close());

    const submit = (callback_url: string) =>
      prod.request().post('/api/ai/query/').set('authorization', `Bearer ${token}`).send({ query: 'x', use_celery: true, callback_url });

    it('refuses an http callback_url with 400 saying https is required', async () => {
      const res = await submit('http://hooks.example.com/hook');
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/must use https in production/);
    });

    it('refuses a callback host that resolves to a loopback address, and an IP literal in private space', async () => {
      for (const url of ['https://localhost/hook', 'https://127.0.0.1/hook']) {
        const res = await submit(url);
        expect(res.status).toBe(400);
        expect(res.body.error).toMatch(/private, loopback or link-local/);
      }
    });

    it('refuses a port other than 443 unless host:port is allow-listed', async () => {
      const res = await submit('https://hooks.example.com:8443/hook');
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/port 8443 is not allowed/);
    });
  });
});
