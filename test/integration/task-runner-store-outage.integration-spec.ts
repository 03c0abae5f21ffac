/**
 * The task runner on the real Redis while the task store's own connection is down and Bull's are
 * not (after an outage Bull's connections are usable first: they have no ready check, and
 * reconnect on their own schedule). A job that reaches the worker then must wait for the store,
 * not spend an attempt: spending them all within the backoff's first seconds made the sweeper
 * fail every task after a Redis restart (the redis-outage fault case).
 */
import type { Job } from 'bull';
import { randomUUID } from 'node:crypto';
import { SealerService } from '../../src/core/crypto/sealer.service';
import { JobHandback } from '../../src/tasks/job-handback.service';
import { TaskAbortRegistry } from '../../src/tasks/task-abort.registry';
import { TaskRunner } from '../../src/tasks/task-runner.service';
import { TaskStatus } from '../../src/tasks/task-status';
import { TaskStore } from '../../src/tasks/task-store.service';
import { redisFixture } from '../helpers/redis-fixture';

describe('TaskRunner while the task store connection is down (real Redis)', () => {
  const fixture = redisFixture('tro');
  const { config, redis, raw } = fixture;
  const sealer = new SealerService(config);
  const store = new TaskStore(redis, sealer, config);

  beforeAll(() => fixture.ready());
  afterAll(() => fixture.close());

  /** Closes the service's connection from the server side and resolves once it knows (it reconnects about 200 ms later). */
  async function dropStoreConnection(): Promise<void> {
    const id = await redis.client.client('ID');
    const closed = new Promise((resolve) => redis.client.once('close', resolve));
    await raw.client('KILL', 'ID', String(id));
    await closed;
  }

  const jobFor = (taskId: string) => ({
    data: { meta: { taskId, kind: 'query', requester: { userId: 'alice', roles: [] }, priority: 'normal', submittedAt: '' }, input: { sealed: sealer.seal({}, 'job:query:alice') } },
    attemptsMade: 0,
    opts: { attempts: 4 },
    discard() {},
    progress: async () => undefined,
  });

  it('runs a job that arrives while the store connection is reconnecting once it is back, and records SUCCESS', async () => {
    const taskId = randomUUID();
    await store.create({ taskId, kind: 'query', owner: 'alice' });
    const sut = new TaskRunner(store, new TaskAbortRegistry(), config, new JobHandback(), sealer);
    await dropStoreConnection();
    expect(redis.isReady()).toBe(false);

    const work = jest.fn(async () => ({ message: 'Query processed', result: { success: true } }));
    await expect(sut.run(jobFor(taskId) as unknown as Job, work as never)).resolves.toBeUndefined();

    expect(work).toHaveBeenCalledTimes(1);
    expect(await store.get(taskId)).toMatchObject({ status: TaskStatus.Success, attempts: 1, result: { success: true } });
  });

  it('answers whenReady at once when ready, and false when the connection does not come back in time', async () => {
    await fixture.ready();
    expect(await redis.whenReady(0)).toBe(true);
    await dropStoreConnection();
    // Reconnects after about 200 ms: not within 20 ms, but within a few seconds.
    expect(await redis.whenReady(20)).toBe(false);
    expect(await redis.whenReady(5000)).toBe(true);
  });

  it('lets many jobs wait for the store through one listener, and all resume when it is back', async () => {
    await fixture.ready();
    const before = redis.client.listenerCount('ready');
    await dropStoreConnection();
    const waits = Array.from({ length: 40 }, () => redis.whenReady(5000));
    const added = redis.client.listenerCount('ready') - before;
    // Awaited before any assertion, so that a failure leaves the connection ready for the next case.
    const resumed = await Promise.all(waits);
    expect(added).toBeLessThanOrEqual(1);
    expect(resumed).toEqual(Array(40).fill(true));
    expect(redis.client.listenerCount('ready')).toBe(before);
  });
});
