/**
 * Every task ends: a task whose Bull job vanished (deleted, lost with Redis data), or that Bull
 * failed after too many stalls without the runner ever writing it, ends FAILURE with a code
 * within one stalled-check interval, by the worker's sweeper. Idempotency claims left pending
 * by a process that died expire with the task timeout, not after 24 h.
 */
import type { Queue } from 'bull';
import { getQueueToken } from '@nestjs/bull';
import { IdempotencyService } from '../../src/tasks/idempotency.service';
import { QueueName } from '../../src/tasks/queue-names';
import { createTestApp, TestApp } from '../helpers/test-app';

const STALLED_INTERVAL_MS = 2000;

describe('task sweeper (e2e)', () => {
  let t: TestApp;
  let alice: string;
  let queue: Queue;

  beforeAll(async () => {
    t = await createTestApp({ mcp: false, env: { WORKER_STALLED_INTERVAL_MS: String(STALLED_INTERVAL_MS), TASK_TIMEOUT_QUERY_SECONDS: '120' } });
    alice = t.token('alice', ['clinician']);
    queue = t.app.get<Queue>(getQueueToken(QueueName.AiQuery));
  });
  afterAll(() => t.close());
  beforeEach(() => t.llm.reset());

  const submit = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.request().post('/api/ai/query/').set('authorization', `Bearer ${alice}`).set(headers).send({ use_celery: true, ...body });

  it('fails a running task whose job was deleted from Redis, with job_lost, within one stalled interval', async () => {
    t.llm.setDefault({ content: 'too late', delayMs: 20_000 });
    const taskId = (await submit({ query: 'vanishing' })).body.task_id as string;
    await t.waitForTask(taskId, alice, { until: (b) => b.status === 'PROGRESS' });
    const jobKey = queue.toKey(taskId);
    await t.redis.multi().del(jobKey, `${jobKey}:lock`).lrem(queue.toKey('active'), 0, taskId).exec();
    const deleted = Date.now();
    const done = await t.waitForTask(taskId, alice, { timeoutMs: STALLED_INTERVAL_MS + 1500 });
    expect(done).toMatchObject({ status: 'FAILURE', result: { success: false, code: 'job_lost' } });
    expect(Date.now() - deleted).toBeLessThan(STALLED_INTERVAL_MS + 1500);
    // The worker that still ran it was told to stop: its LLM call is abandoned.
    await t.llm.idle(5000);
  });

  it('fails a task whose job Bull failed after stalls, with job_stalled', async () => {
    const taskId = (await submit({ query: 'stalls', delay_seconds: 60 })).body.task_id as string;
    // Where Bull leaves a job past maxStalledCount: in the failed set, with its reason, the
    // processor never called again.
    await t.redis
      .multi()
      .zrem(queue.toKey('delayed'), taskId)
      .zadd(queue.toKey('failed'), Date.now(), taskId)
      .hset(queue.toKey(taskId), 'failedReason', 'job stalled more than allowable limit', 'finishedOn', Date.now())
      .exec();
    const done = await t.waitForTask(taskId, alice, { timeoutMs: STALLED_INTERVAL_MS + 1500 });
    expect(done).toMatchObject({ status: 'FAILURE', result: { success: false, code: 'job_stalled' } });
  });

  it('leaves queued, delayed and running tasks alone', async () => {
    t.llm.setDefault({ content: 'slowly done', delayMs: STALLED_INTERVAL_MS * 2 });
    const running = (await submit({ query: 'running' })).body.task_id as string;
    const delayed = (await submit({ query: 'later', delay_seconds: 60 })).body.task_id as string;
    const done = await t.waitForTask(running, alice, { timeoutMs: 15_000 });
    expect(done).toMatchObject({ status: 'SUCCESS' });
    const later = await t.request().get(`/api/ai/task/${delayed}/status/`).set('authorization', `Bearer ${alice}`);
    expect(later.body.status).toBe('PENDING');
  });

  it('lets a pending Idempotency-Key claim expire with the task timeout, and keeps a completed one 24 h', async () => {
    const done = await submit({ query: 'keyed' }, { 'idempotency-key': 'sweeper-key-1' });
    expect(done.status).toBe(202);
    const keys = await t.redis.keys(`${t.prefix}:idem:*`);
    expect(keys).toHaveLength(1);
    expect(await t.redis.ttl(keys[0])).toBeGreaterThan(23 * 3600);
    // A claim as a process leaves it when it dies between claiming and answering.
    await t.redis.del(keys[0]);
    const pending = t.app.get(IdempotencyService);
    await pending.claim('alice', 'sweeper-key-2', 'hash');
    const [claimKey] = (await t.redis.keys(`${t.prefix}:idem:*`)).filter((k) => k !== keys[0]);
    const ttl = await t.redis.ttl(claimKey);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600); // the longest task timeout (medical, 600 s by default)
  });
});
