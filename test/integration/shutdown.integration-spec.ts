/**
 * Graceful shutdown of a real worker process (`node dist/main.js`, built on demand): on SIGTERM
 * it stops taking jobs, finishes the active one within SHUTDOWN_GRACE_SECONDS, and when the grace
 * runs out it exits and Bull hands the job to another worker. Either way the task ends SUCCESS
 * once. The API runs in-process (role api) with the fake LLM; the LLM delays its answer so the
 * signal arrives mid-task.
 */
import { REDIS_URL, createTestApp, type TestApp } from '../helpers/test-app';
import { startAppProcess, type AppProcess } from '../helpers/app-process';
import { until } from '../helpers/until';

jest.setTimeout(180_000);

describe('graceful shutdown of a worker (integration)', () => {
  let t: TestApp;
  let token: string;
  const workers: AppProcess[] = [];

  beforeAll(async () => {
    t = await createTestApp({ role: 'api', mcp: false });
    token = t.token('shutdown-user', ['clinician']);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await t?.close();
  });
  beforeEach(() => t.llm.reset());

  const startWorker = async (graceSeconds: number) => {
    const worker = await startAppProcess({
      APP_ROLE: 'worker',
      REDIS_URL,
      REDIS_KEY_PREFIX: t.prefix,
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: t.llm.url,
      OPENAI_MODEL: 'gpt-4o-mini',
      MCP_SERVER_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
      WORKER_STALLED_INTERVAL_MS: '1000',
      TASK_BACKOFF_MS: '100',
    });
    workers.push(worker);
    return worker;
  };
  const submit = async (query: string): Promise<string> => {
    const res = await t.request().post('/api/ai/query/').set('authorization', `Bearer ${token}`).send({ query, use_celery: true });
    expect(res.status).toBe(202);
    return res.body.task_id as string;
  };
  const status = async (taskId: string) =>
    (await t.request().get(`/api/ai/task/${taskId}/status/`).set('authorization', `Bearer ${token}`)).body;

  it('finishes the running task after SIGTERM, takes no new job, and exits within the grace period', async () => {
    const worker = await startWorker(20);
    t.llm.script({ content: 'finished after SIGTERM', delayMs: 2500 });
    const taskId = await submit('slow question');
    await until(() => t.llm.inFlight === 1);

    const signalledAt = Date.now();
    worker.child.kill('SIGTERM');
    await worker.waitForLine(/Shutting down/);
    // Bull 4's close() ends its blocking BRPOPLPUSH with QUIT and, after 500 ms, a disconnect: a
    // job arriving inside that window is still taken (and finished) by this worker.
    await new Promise((r) => setTimeout(r, 1000));
    const lateTaskId = await submit('arrives while the worker drains');

    const exit = await worker.exited;
    expect(exit).not.toBe(1);
    expect(Date.now() - signalledAt).toBeLessThan(20_000);
    const done = await status(taskId);
    expect(done).toMatchObject({ status: 'SUCCESS', result: { response: 'finished after SIGTERM' } });
    expect(t.llm.requestCount).toBe(1);
    expect((await status(lateTaskId)).status).toBe('PENDING');

    // The next worker picks up what the stopping one left in the queue.
    const next = await startWorker(20);
    const late = await t.waitForTask(lateTaskId, token);
    expect(late.status).toBe('SUCCESS');
    expect((await status(taskId)).result.response).toBe('finished after SIGTERM');
    next.child.kill('SIGTERM');
    await next.exited;
  });

  it('exits when the grace runs out, handing the task back to its queue for another worker; it ends SUCCESS once', async () => {
    const worker = await startWorker(1);
    t.llm.script({ content: 'too late: the worker is gone', delayMs: 8000 }, { content: 'answered by the second worker' });
    const taskId = await submit('very slow question');
    await until(() => t.llm.inFlight === 1);

    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(1);
    await worker.waitForLine(/Shutdown grace period over/);
    expect((await status(taskId)).status).toBe('PROGRESS');

    const second = await startWorker(20);
    const done = await t.waitForTask(taskId, token, { timeoutMs: 30_000 });
    expect(done).toMatchObject({ status: 'SUCCESS', result: { response: 'answered by the second worker' } });
    // Nothing finalizes it a second time.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await status(taskId)).toMatchObject({ status: 'SUCCESS', result: { response: 'answered by the second worker' } });
    expect(t.llm.requestCount).toBe(2);
    second.child.kill('SIGTERM');
    await second.exited;
  });
});
