/**
 * The sweeper on the real Redis and real Bull queues: tasks delayed by run_at / delay_seconds,
 * however many one user parks ahead of it, never keep the bounded sweep from a task whose job
 * vanished.
 */
import Bull from 'bull';
import type { Queue } from 'bull';
import { SealerService } from '../../src/core/crypto/sealer.service';
import { JobName, QueueName } from '../../src/tasks/queue-names';
import { QueueRegistry } from '../../src/tasks/queue-registry.service';
import { TaskStatus } from '../../src/tasks/task-status';
import { newTaskId, TaskStore } from '../../src/tasks/task-store.service';
import { TaskSweeper } from '../../src/tasks/task-sweeper.service';
import { redisFixture } from '../helpers/redis-fixture';
import { REDIS_URL } from '../helpers/test-app';

describe('TaskSweeper (real Redis)', () => {
  const fixture = redisFixture('sw');
  const { config, redis } = fixture;
  const store = new TaskStore(redis, new SealerService(config), config);
  let queue: Queue;
  let sut: TaskSweeper;

  beforeAll(async () => {
    await fixture.ready();
    queue = new Bull(QueueName.AiQuery, REDIS_URL, { prefix: `${fixture.prefix}:bull` });
    await queue.isReady();
    sut = new TaskSweeper(redis, store, new QueueRegistry(queue, queue, queue, queue), config);
  });
  afterAll(async () => {
    await queue.close();
    await fixture.close();
  });

  it('ends a lost task with job_lost though more delayed tasks than one sweep checks were submitted before it', async () => {
    sut.maxPerSweep = 20;
    const delayed: string[] = [];
    for (let i = 0; i < 25; i++) {
      const taskId = newTaskId();
      await store.create({ taskId, kind: 'query', owner: 'parker', delaySeconds: 30 * 86_400 });
      await queue.add(JobName.AiQuery, {}, { jobId: taskId, delay: 30 * 86_400_000 });
      delayed.push(taskId);
    }
    // A task that started (so past the young-PENDING grace) and whose job then vanished.
    const lost = newTaskId();
    await store.create({ taskId: lost, kind: 'query', owner: 'alice' });
    await store.progress(lost, 1, 'Started', 1);

    expect(await sut.sweep()).toBe(1);
    expect(await store.get(lost)).toMatchObject({ status: TaskStatus.Failure, result: { code: 'job_lost' } });
    const waiting = await Promise.all(delayed.map((id) => store.status(id)));
    expect(waiting.every((s) => s === TaskStatus.Pending)).toBe(true);
  });
});
