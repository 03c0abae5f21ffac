/** The task store on the real Redis: atomic updates, first final state wins, sealed medical results, TTLs. */
import { randomUUID } from 'node:crypto';
import { SealerService } from '../../src/core/crypto/sealer.service';
import { TaskStatus } from '../../src/tasks/task-status';
import { TaskStore } from '../../src/tasks/task-store.service';
import { redisFixture } from '../helpers/redis-fixture';

describe('TaskStore (real Redis)', () => {
  const fixture = redisFixture('ts', { TASK_TTL_DATABASE_SECONDS: '120' });
  const { config, redis, raw } = fixture;
  const sut = new TaskStore(redis, new SealerService(config), config);

  beforeAll(() => fixture.ready());
  afterAll(() => fixture.close());

  const newTask = async (kind: 'query' | 'medical' | 'database' = 'query') => {
    const taskId = randomUUID();
    await sut.create({ taskId, kind, owner: 'alice' });
    return taskId;
  };

  it('creates PENDING, moves through PROGRESS and ends SUCCESS with 100%', async () => {
    const id = await newTask();
    expect((await sut.get(id))?.status).toBe(TaskStatus.Pending);
    await sut.progress(id, 40, 'half way');
    expect(await sut.get(id)).toMatchObject({ status: TaskStatus.Progress, progress: 40, message: 'half way' });
    expect(await sut.finalize(id, 'query', TaskStatus.Success, 'done', { success: true, tools_used: [] })).toBe('ok');
    expect(await sut.get(id)).toMatchObject({ status: TaskStatus.Success, progress: 100, result: { success: true, tools_used: [] } });
  });

  it('keeps the first final state: a duplicate run or a late cancel changes nothing', async () => {
    const id = await newTask();
    await sut.finalize(id, 'query', TaskStatus.Success, 'first', { answer: 1 });
    expect(await sut.finalize(id, 'query', TaskStatus.Success, 'second', { answer: 2 })).toBe('final');
    expect(await sut.finalize(id, 'query', TaskStatus.Cancelled, 'late cancel', {})).toBe('final');
    expect(await sut.progress(id, 10, 'late progress')).toBe('final');
    expect(await sut.get(id)).toMatchObject({ status: TaskStatus.Success, message: 'first', result: { answer: 1 } });
  });

  it('records every state change in the event stream', async () => {
    const id = await newTask();
    await sut.progress(id, 10, 'a');
    await sut.retry(id, 'retrying', 1);
    await sut.finalize(id, 'query', TaskStatus.Failure, 'failed', { success: false });
    const events = (await raw.xrange(sut.eventsKey(id), '-', '+')).map(([, fields]) => sut.decodeEvent(fields[1]).status);
    expect(events).toEqual([TaskStatus.Pending, TaskStatus.Progress, TaskStatus.Retry, TaskStatus.Failure]);
  });

  it('seals medical results: Redis holds no clear text, the store opens them', async () => {
    const id = await newTask('medical');
    await sut.finalize(id, 'medical', TaskStatus.Success, 'done', { summary: 'Jane Doe has diabetes' });
    const stored = await raw.hget(sut.taskKey(id), 'result');
    expect(stored).not.toMatch(/Jane Doe/);
    const streamed = JSON.stringify(await raw.xrange(sut.eventsKey(id), '-', '+'));
    expect(streamed).not.toMatch(/Jane Doe/);
    expect((await sut.get(id))?.result).toEqual({ summary: 'Jane Doe has diabetes' });
  });

  it('sets the type TTL at the final state and remembers the owner after expiry', async () => {
    const id = await newTask('database');
    await sut.finalize(id, 'database', TaskStatus.Success, 'done', {});
    const ttl = await raw.ttl(sut.taskKey(id));
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
    expect(await sut.expiredOwner(id)).toBe('alice');
  });

  it('reports a missing task', async () => {
    expect(await sut.progress(randomUUID(), 1, 'x')).toBe('missing');
    expect(await sut.get(randomUUID())).toBeNull();
  });
});
