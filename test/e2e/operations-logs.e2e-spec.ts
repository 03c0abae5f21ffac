/**
 * The service's real stdout (a child process running dist/main.js with LOG_LEVEL=info): JSON
 * lines, one request id from the HTTP request to the worker's task lines, and no query text,
 * bearer token or cookie anywhere, whatever the route answers.
 */
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm-server';
import { startAppProcess, type AppProcess } from '../helpers/app-process';
import { REDIS_URL, deleteKeys, signToken } from '../helpers/test-app';
import Redis from 'ioredis';

jest.setTimeout(180_000);

const MEDICAL_TEXT = 'Patient Zelda Quistgaard, DOB 1961-04-02, reports crushing chest pain radiating to the left arm';

describe('structured logs (e2e, real process)', () => {
  let llm: FakeLlm;
  let app: AppProcess;
  const prefix = `t${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const token = signToken('log-user', ['clinician']);

  beforeAll(async () => {
    llm = await startFakeLlm();
    app = await startAppProcess({
      APP_ROLE: 'all',
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: llm.url,
      OPENAI_MODEL: 'gpt-4o-mini',
      MCP_SERVER_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'info',
    });
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
    await llm?.close();
    const redis = new Redis(REDIS_URL);
    await deleteKeys(redis, prefix);
    await redis.quit();
  });

  const lines = () => app.output.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>);

  it('follows one request id from HTTP to the worker, and never logs the query, the token or the cookie', async () => {
    const requestId = randomUUID();
    const queued = await request(app.url)
      .post('/api/ai/query/')
      .set('authorization', `Bearer ${token}`)
      .set('cookie', 'medcor_admin_session=cookie-secret-value')
      .set('x-request-id', requestId)
      .send({ query: MEDICAL_TEXT, use_celery: true });
    expect(queued.status).toBe(202);
    expect(queued.headers['x-request-id']).toBe(requestId);

    const deadline = Date.now() + 20_000;
    let status = '';
    while (Date.now() < deadline && status !== 'SUCCESS') {
      const res = await request(app.url).get(`/api/ai/task/${queued.body.task_id}/status/`).set('authorization', `Bearer ${token}`);
      status = res.body.status;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('SUCCESS');

    // A rejected body and an inline answer must not leak it either.
    expect((await request(app.url).post('/api/ai/query/').set('authorization', `Bearer ${token}`).send({ query: MEDICAL_TEXT, bogus: 1 })).status).toBe(400);
    expect((await request(app.url).post('/api/ai/query/').set('authorization', `Bearer ${token}`).send({ query: 'Chest pain, Zelda Quistgaard?' })).status).toBe(200);
    // A medical analysis: its text, and whatever the worker does with it, stays out of the logs.
    const medical = await request(app.url)
      .post('/api/ai/medical/')
      .set('authorization', `Bearer ${token}`)
      .send({ medical_data: MEDICAL_TEXT, analysis_type: 'diagnosis' });
    expect(medical.status).toBe(202);
    const medicalDeadline = Date.now() + 20_000;
    let medicalStatus = '';
    while (Date.now() < medicalDeadline && !['SUCCESS', 'FAILURE'].includes(medicalStatus)) {
      const res = await request(app.url).get(`/api/ai/task/${medical.body.task_id}/status/`).set('authorization', `Bearer ${token}`);
      medicalStatus = res.body.status;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(['SUCCESS', 'FAILURE']).toContain(medicalStatus);
    // A client's request id that is not opaque (it could carry words: here the patient's name and
    // birth date) is replaced by one of the service's, so it reaches no log line.
    const wordy = await request(app.url)
      .get(`/api/ai/task/${queued.body.task_id}/status/`)
      .set('authorization', `Bearer ${token}`)
      .set('x-request-id', 'Zelda.Quistgaard:1961-04-02');
    expect(wordy.status).toBe(200);
    expect(wordy.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const unknownId = await request(app.url).get('/api/ai/task/not-a-task/status/').set('authorization', `Bearer ${token}`).set('x-request-id', 'Zelda.Quistgaard:1961-04-02');
    expect(unknownId.body.request_id).toBe(unknownId.headers['x-request-id']);
    expect(unknownId.body.request_id).not.toContain('Quistgaard');
    // A path is the client's text too: a name and a birth date as a task id, on a route and off any.
    expect((await request(app.url).get('/api/ai/task/Zelda-Quistgaard-1961-04-02/status/').set('authorization', `Bearer ${token}`)).status).toBeGreaterThanOrEqual(400);
    expect((await request(app.url).get('/api/ai/task/Zelda-Quistgaard-1961-04-02/events').set('authorization', `Bearer ${token}`)).status).toBeGreaterThanOrEqual(400);
    expect((await request(app.url).get('/api/ai/patients/Zelda%20Quistgaard/1961-04-02').set('authorization', `Bearer ${token}`)).status).toBe(404);
    await app.waitForLine(/"Task succeeded"/);
    await new Promise((r) => setTimeout(r, 300)); // let the last lines flush

    const all = app.output.join('\n');
    expect(all).not.toContain('Quistgaard');
    expect(all).not.toContain('crushing chest pain');
    expect(all).not.toContain('1961-04-02');
    expect(all).not.toContain(token);
    expect(all).not.toContain(token.split('.')[2]);
    expect(all).not.toContain('cookie-secret-value');

    const parsed = lines();
    const http = parsed.filter((l) => l.req?.id === requestId);
    expect(http.length).toBeGreaterThan(0);
    expect(http.every((l) => l.req.headers === undefined || l.req.headers.authorization === undefined)).toBe(true);
    const task = parsed.filter((l) => l.context === 'TaskRunner' && l.taskId === queued.body.task_id);
    expect(task.map((l) => l.msg)).toEqual(expect.arrayContaining(['Task started', 'Task succeeded']));
    expect(task.every((l) => l.requestId === requestId)).toBe(true);
    // The model did receive the clinical text (redacted from logs, not dropped from the work), with
    // the patient's name replaced by the egress guard.
    const sent = JSON.stringify(llm.requests.map((r) => r.body.messages));
    expect(sent).toContain('crushing chest pain');
    expect(sent).not.toContain('Quistgaard');
  });
});
