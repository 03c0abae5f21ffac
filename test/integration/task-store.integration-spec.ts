/** The task store on the real Redis: atomic updates, first final state wins, sealed medical results, TTLs. */
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SealerService } from '../../src/core/crypto/sealer.service';
import { AppError, ErrorCode } from '../../src/core/errors';
import { TaskStatus } from '../../src/tasks/task-status';
import { newTaskId, TaskStore } from '../../src/tasks/task-store.service';
import { redisFixture } from '../helpers/redis-fixture';

describe('TaskStore (real Redis)', () => {
  const fixture = redisFixture('ts', { TASK_TTL_DATABASE_SECONDS: '120' });
  const { config, redis, raw, prefix } = fixture;
  const sealer = new SealerService(config);
  const sut = new TaskStore(redis, sealer, config);

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
    const events = (await raw.xrange(sut.eventsKey(id), '-', '+')).map(([, fields]) => sut.decodeEvent(fields[1], id, 'alice').status);
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

  it("opens a sealed result only for the task and owner it was sealed for, whoever rewrites the record", async () => {
    const id = await newTask('medical');
    await sut.finalize(id, 'medical', TaskStatus.Success, 'done', { summary: 'Jane Doe has diabetes' });
    const [finalEvent] = (await raw.xrange(sut.eventsKey(id), '-', '+')).slice(-1);
    await raw.hset(sut.taskKey(id), 'owner', 'mallory');
    await expect(sut.statusFields(id)).rejects.toThrow();
    await expect(sut.get(id)).rejects.toThrow();
    expect(() => sut.decodeEvent(finalEvent[1][1], id, 'mallory')).toThrow();
    expect(sut.decodeEvent(finalEvent[1][1], id, 'alice').result).toEqual({ summary: 'Jane Doe has diabetes' });
    // Copied into a record of mallory's own, it does not open either.
    const other = await newTask('medical');
    const chunks = Object.entries(await raw.hgetall(sut.taskKey(id))).filter(([field]) => field.startsWith('result'));
    await raw.hset(sut.taskKey(other), 'owner', 'mallory', 'status', TaskStatus.Success, 'sealed', '1', ...chunks.flat());
    expect((await raw.hgetall(sut.taskKey(other))).result).toBe(Object.fromEntries(chunks).result);
    await expect(sut.statusFields(other)).rejects.toThrow();
  });

  it('says plainly that a result sealed by an earlier version (no context) cannot be opened, without its text', async () => {
    const id = await newTask('medical');
    await sut.finalize(id, 'medical', TaskStatus.Success, 'done', { summary: 'placeholder' });
    // What an earlier version wrote: a v1 value, sealed without the task and owner.
    await raw.hset(sut.taskKey(id), 'result', sealer.seal({ summary: 'Jane Doe has diabetes' }));
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      for (const read of [() => sut.statusFields(id), () => sut.get(id)]) {
        const error = await read().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppError);
        expect(error).toMatchObject({ code: ErrorCode.Internal, message: expect.stringMatching(/cannot be opened: it was sealed by an earlier version/) });
        expect(String((error as Error).message)).not.toMatch(/Jane/);
      }
      // The operator's warning names the task only: neither the sealed text nor what it holds.
      expect(warn).toHaveBeenCalledWith({ taskId: id }, expect.any(String));
      const logged = JSON.stringify(warn.mock.calls);
      expect(logged).not.toMatch(/Jane|v1\./);
    } finally {
      warn.mockRestore();
    }
  });

  it('keeps a sealed result sealed after the lean rewrite: no patient text in any raw field, chunk or replay', async () => {
    const patient = 'Jane Doe has diabetes';
    for (const kind of ['medical', 'database', 'query'] as const) {
      const id = newTaskId();
      await sut.create({ taskId: id, kind, owner: 'alice' });
      await sut.progress(id, 1, 'Started', 1);
      await sut.retry(id, 'Attempt 1 of 3 failed (timeout); retrying', 1);
      // Long enough that the sealed text is cut into several 64-byte chunks (result, result.1, …).
      expect(await sut.finalize(id, kind, TaskStatus.Success, 'done', { summary: `${patient}. `.repeat(12) }, 'alice')).toBe('ok');
      const hash = await raw.hgetall(sut.taskKey(id));
      expect(hash['result.1']).toBeDefined();
      expect(hash.sealed).toBe('1');
      expect(hash.events).toBeDefined();
      const rawText = Object.entries(hash).flat().join('');
      expect(rawText).not.toMatch(/Jane|Doe|diabetes/);
      const streamed = JSON.stringify(await raw.xrange(sut.eventsKey(id), '-', '+'));
      expect(streamed).not.toMatch(/Jane|Doe|diabetes/);
      await raw.del(sut.eventsKey(id)); // the grace's expiry: replays now come from the record
      expect(JSON.stringify(await sut.history(id))).not.toMatch(/Jane|Doe|diabetes/);
      expect((await sut.get(id))?.result).toEqual({ summary: `${patient}. `.repeat(12) });
    }
  });

  it('sets the type TTL at the final state and remembers the owner after expiry', async () => {
    const id = await newTask('database');
    await sut.finalize(id, 'database', TaskStatus.Success, 'done', {});
    const ttl = await raw.ttl(sut.taskKey(id));
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
    expect(await sut.expiredOwner(id)).toBe('alice');
  });

  it('keeps a finished short task lean: one listpack hash, the stream expiring, replay served from the record', async () => {
    const id = newTaskId();
    await sut.create({ taskId: id, kind: 'query', owner: 'alice', routing: { mode: 'background', rule: 'use_celery', reason: 'x'.repeat(120) } });
    await sut.progress(id, 1, 'Started', 1);
    await sut.progress(id, 50, 'Half way, with a message long enough to be cut into two chunks of the hash');
    await sut.finalize(id, 'query', TaskStatus.Success, 'done', { success: true, response: 'An answer '.repeat(30) });
    const streamed = await raw.xrange(sut.eventsKey(id), '-', '+');
    expect(await raw.ttl(sut.eventsKey(id))).toBeLessThanOrEqual(10);
    expect(await raw.object('ENCODING', sut.taskKey(id))).toBe('listpack');
    expect(await raw.hexists(sut.taskKey(id), 'routing')).toBe(0);

    await raw.del(sut.eventsKey(id)); // what the grace's expiry does
    expect(await sut.history(id)).toEqual(streamed.map(([eventId, fields]) => [eventId, fields[1]]));
    expect(await sut.get(id)).toMatchObject({ status: TaskStatus.Success, result: { success: true, response: 'An answer '.repeat(30) } });
    expect((await sut.statusFields(id))?.resultJson).toBe(JSON.stringify({ success: true, response: 'An answer '.repeat(30) }));
  });

  it('keeps non-ASCII messages and results whole (chunks are cut by bytes) and replays them exactly', async () => {
    const id = newTaskId();
    await sut.create({ taskId: id, kind: 'code', owner: 'alice' });
    // Three-byte characters across several 64-byte boundaries: some boundary falls inside one.
    await sut.progress(id, 30, `Analyse en cours ${'—'.repeat(40)} vérification ${'é'.repeat(21)}`);
    const result = { summary: 'Résumé : aucune vulnérabilité '.repeat(8) };
    await sut.finalize(id, 'code', TaskStatus.Success, 'Terminé ✓', result);
    const streamed = await raw.xrange(sut.eventsKey(id), '-', '+');
    await raw.del(sut.eventsKey(id));
    expect(await sut.history(id)).toEqual(streamed.map(([eventId, fields]) => [eventId, fields[1]]));
    expect((await sut.get(id))?.result).toEqual(result);
  });

  it('remembers the owner of a version-7 id in its creation hour\'s bucket, not a key per task', async () => {
    const id = newTaskId();
    await sut.create({ taskId: id, kind: 'database', owner: 'bob' });
    await sut.finalize(id, 'database', TaskStatus.Failure, 'failed', { success: false });
    await raw.del(sut.taskKey(id));
    expect(await sut.expiredOwner(id)).toBe('bob');
    expect(await raw.exists(`${prefix}:task:${id}:gone`)).toBe(0);
    expect(await sut.expiredOwner(newTaskId())).toBeNull();

    // The runner passes the owner so the tombstone goes out with the record; no record, no tombstone.
    const vanished = newTaskId();
    expect(await sut.finalize(vanished, 'query', TaskStatus.Success, 'done', {}, 'bob')).toBe('missing');
    expect(await sut.expiredOwner(vanished)).toBeNull();
  });

  it('keeps the open index in step with the record: in it from creation, out of it at the final state, whatever the outcome', async () => {
    const id = newTaskId();
    await sut.create({ taskId: id, kind: 'query', owner: 'carol' });
    expect(await raw.zscore(sut.openKey(id), id)).not.toBeNull();
    await sut.progress(id, 1, 'Started', 1);
    expect(await raw.zscore(sut.openKey(id), id)).not.toBeNull();
    expect(await sut.finalize(id, 'query', TaskStatus.Success, 'done', {}, 'carol')).toBe('ok');
    expect(await raw.zscore(sut.openKey(id), id)).toBeNull();
    expect(await sut.expiredOwner(id)).toBe('carol');

    // A late second final state: no change, still out of the index, the tombstone kept.
    await raw.zadd(sut.openKey(id), Date.now(), id);
    expect(await sut.finalize(id, 'query', TaskStatus.Cancelled, 'late', {}, 'carol')).toBe('final');
    expect(await raw.zscore(sut.openKey(id), id)).toBeNull();
    expect(await sut.expiredOwner(id)).toBe('carol');

    // No record (its key expired or was deleted): the index entry goes, no tombstone is written.
    const gone = newTaskId();
    await sut.create({ taskId: gone, kind: 'query', owner: 'carol' });
    await raw.del(sut.taskKey(gone));
    expect(await sut.finalize(gone, 'query', TaskStatus.Success, 'done', {}, 'carol')).toBe('missing');
    expect(await raw.zscore(sut.openKey(gone), gone)).toBeNull();
    expect(await sut.expiredOwner(gone)).toBeNull();

    // The sweeper does not know the owner: the record's own is remembered.
    const swept = newTaskId();
    await sut.create({ taskId: swept, kind: 'query', owner: 'dave' });
    expect(await sut.finalize(swept, 'query', TaskStatus.Failure, 'timed out', {})).toBe('ok');
    expect(await sut.expiredOwner(swept)).toBe('dave');
    expect(await raw.zscore(sut.openKey(swept), swept)).toBeNull();
  });

  it('reports a missing task', async () => {
    expect(await sut.progress(randomUUID(), 1, 'x')).toBe('missing');
    expect(await sut.get(randomUUID())).toBeNull();
  });
});
