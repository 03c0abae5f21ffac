import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../core/config';
import { AppConfigService } from '../core/config/config.module';
import { SealerService } from '../core/crypto/sealer.service';
import { AppError, ErrorCode } from '../core/errors';
import { JobHandback } from './job-handback.service';
import { TaskAbortRegistry } from './task-abort.registry';
import { TaskRunner } from './task-runner.service';
import { TaskStatus } from './task-status';
import type { TaskStore } from './task-store.service';

/** How outcomes map to task states: SUCCESS, RETRY (transient, attempts left), FAILURE, CANCELLED. */
describe('TaskRunner state mapping', () => {
  const config = { all: loadConfig({ NODE_ENV: 'test', TASK_TIMEOUT_QUERY_SECONDS: '1' }) } as AppConfigService;
  const sealer = new SealerService(config);
  /** A job input as the dispatcher stores it: sealed for its kind and requester. */
  const sealedFor = (value: unknown, userId = 'u') => ({ sealed: sealer.seal(value, `job:query:${userId}`) });
  let calls: { method: string; args: unknown[] }[];
  let status: TaskStatus | null;
  let sut: TaskRunner;

  const store = {
    status: async () => status,
    progress: async (...args: unknown[]) => {
      calls.push({ method: 'progress', args });
      return status === TaskStatus.Pending ? 'ok' : 'final';
    },
    retry: async (...args: unknown[]) => void calls.push({ method: 'retry', args }),
    finalize: async (...args: unknown[]) => void calls.push({ method: 'finalize', args }),
  } as unknown as TaskStore;

  const job = (attemptsMade: number, attempts = 4) => {
    const j = {
      data: { meta: { taskId: 't1', kind: 'query', requester: { userId: 'u', roles: [] }, priority: 'normal', submittedAt: '' }, input: sealedFor({}) as unknown },
      attemptsMade,
      opts: { attempts },
      discarded: false,
      discard() {
        j.discarded = true;
      },
      progress: async () => undefined,
    };
    return j;
  };
  const run = (j: ReturnType<typeof job>, work: () => Promise<unknown>) =>
    sut.run(j as unknown as Job, work as never);
  const final = () => calls.find((c) => c.method === 'finalize')?.args;

  beforeEach(() => {
    calls = [];
    status = TaskStatus.Pending;
    sut = new TaskRunner(store, new TaskAbortRegistry(), config, new JobHandback(), sealer);
  });

  it('stores SUCCESS with the result', async () => {
    await run(job(0), async () => ({ message: 'ok', result: { success: true } }));
    expect(final()).toEqual(['t1', 'query', TaskStatus.Success, 'ok', { success: true }, 'u']);
  });

  it('marks RETRY and rethrows for a transient error with attempts left', async () => {
    const j = job(0);
    const error = new AppError(ErrorCode.LlmUnavailable, 'The LLM server answered 500', { transient: true });
    // Bull gets the code, the transience (its backoff reads it) and not the text.
    await expect(run(j, async () => Promise.reject(error))).rejects.toMatchObject({ code: ErrorCode.LlmUnavailable, transient: true, message: 'Task attempt failed (llm_unavailable)' });
    expect(calls.find((c) => c.method === 'retry')?.args).toEqual(['t1', 'Attempt 1 of 4 failed (llm_unavailable); retrying', 1]);
    expect(final()).toBeUndefined();
    expect(j.discarded).toBe(false);
  });

  it('fails at once on a permanent error and tells Bull not to retry', async () => {
    const j = job(0);
    await expect(run(j, async () => Promise.reject(new AppError(ErrorCode.SqlRefused, 'refused')))).rejects.toThrow('refused');
    expect(final()).toEqual(['t1', 'query', TaskStatus.Failure, 'Task failed (sql_refused); the error is in result.error', { success: false, error: 'refused', code: 'sql_refused', attempts: 1 }, 'u']);
    expect(j.discarded).toBe(true);
  });

  it("keeps an error's own text out of the clear message of every kind, code reviews included", async () => {
    // A PostgreSQL error quotes the value it choked on; sealed kinds' results are sealed at rest, their messages are not.
    const quoting = () => Promise.reject(new AppError(ErrorCode.ValidationFailed, 'invalid input syntax for type integer: "Quentin Marchbanks"'));
    const sealedRun = job(0);
    // What Bull stores in clear (failedReason from the message, stacktrace from the stack) says the code only.
    const toBull = (await run(sealedRun, quoting).catch((e: Error) => e)) as Error;
    expect(toBull.message).toBe('Task attempt failed (validation_failed)');
    expect(String(toBull.stack)).not.toContain('Quentin');
    expect(JSON.stringify(final()?.[3])).not.toContain('Quentin');
    expect(final()?.[4]).toMatchObject({ error: expect.stringContaining('Quentin') });

    calls = [];
    const codeRun = job(0);
    codeRun.data.meta.kind = 'code';
    codeRun.data.input = { sealed: sealer.seal({}, 'job:code:u') };
    // An analyser's message quotes the code's literals: a code review's failure is sealed too.
    await expect(run(codeRun, quoting)).rejects.toThrow();
    expect(final()?.[3]).toBe('Task failed (validation_failed); the error is in result.error');
    expect(final()?.[4]).toMatchObject({ error: expect.stringContaining('Quentin') });

    calls = [];
    const retried = job(0);
    const retriedToBull = await run(retried, () => Promise.reject(new AppError(ErrorCode.McpUnavailable, 'No patient Quentin Marchbanks', { transient: true, retryAfterSeconds: 5 }))).catch((e: AppError) => e);
    expect(JSON.stringify(calls)).not.toContain('Quentin');
    expect(retriedToBull).toMatchObject({ code: ErrorCode.McpUnavailable, transient: true, retryAfterSeconds: 5 });
    expect(`${(retriedToBull as Error).message}${(retriedToBull as Error).stack}`).not.toContain('Quentin');
  });

  it('fails a transient error on the last attempt', async () => {
    const j = job(3);
    await expect(run(j, async () => Promise.reject(new AppError(ErrorCode.McpUnavailable, 'down', { transient: true })))).rejects.toThrow();
    expect(final()?.[2]).toBe(TaskStatus.Failure);
    expect(final()?.[3]).toMatch(/after 4 attempts/);
  });

  it('hides unexpected error messages from the result', async () => {
    await expect(run(job(0), async () => Promise.reject(new Error('secret detail')))).rejects.toThrow();
    expect(JSON.stringify(final())).not.toMatch(/secret detail/);
  });

  it('fails an unexpected error at once as internal_error and logs its stack frames without its message', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const j = job(0);
    const bug = new TypeError("Cannot read properties of undefined (reading 'Quentin Marchbanks')");

    await expect(run(j, async () => Promise.reject(bug))).rejects.toMatchObject({ code: 'internal_error', message: 'Task attempt failed (internal_error)' });

    expect(final()?.[4]).toEqual({ success: false, error: 'Unexpected internal error', code: 'internal_error', attempts: 1 });
    expect(j.discarded).toBe(true);
    const [fields, message] = logged.mock.calls[0] as [Record<string, string>, string];
    expect(message).toBe('Task failed with an unexpected error');
    expect(fields).toMatchObject({ taskId: 't1', code: 'internal_error', stack: expect.stringMatching(/^TypeError\n {4}at .*task-runner\.service\.spec\.ts/) });
    expect(JSON.stringify(logged.mock.calls)).not.toContain('Quentin');
    logged.mockRestore();
  });

  it('hands the processor its sealed input opened, and fails the task when it cannot be opened for this job', async () => {
    const j = job(0);
    j.data.input = sealedFor({ query: 'Quentin Marchbanks' });
    const seen: unknown[] = [];
    await run(j, async (...args: unknown[]) => (seen.push((args[0] as { input: unknown }).input), { message: 'ok', result: {} }));
    expect(seen).toEqual([{ query: 'Quentin Marchbanks' }]);

    calls = [];
    const other = new SealerService({ all: loadConfig({ NODE_ENV: 'test', PHI_ENCRYPTION_KEY: randomBytes(32).toString('base64') }) } as AppConfigService);
    const foreign = job(0);
    foreign.data.input = { sealed: other.seal({ query: 'x' }, 'job:query:u') };
    await expect(run(foreign, async () => ({ message: 'ok', result: {} }))).rejects.toMatchObject({ code: 'internal_error' });
    expect(final()?.[4]).toMatchObject({ code: 'internal_error', error: expect.stringMatching(/PHI_ENCRYPTION_KEY must be the same/) });
    expect(foreign.discarded).toBe(true);

    // Whoever can write to Redis: another user's sealed text in a job of theirs, or a job with clear input.
    for (const input of [sealedFor({ query: 'Quentin Marchbanks' }, 'someone-else'), { query: 'runs as u' }]) {
      calls = [];
      const forged = job(0);
      forged.data.input = input;
      const work = jest.fn(async () => ({ message: 'ok', result: {} }));
      await expect(run(forged, work)).rejects.toMatchObject({ code: 'internal_error' });
      expect(work).not.toHaveBeenCalled();
    }
  });

  it('skips a job whose task is already final (a duplicate delivery)', async () => {
    status = TaskStatus.Success;
    const work = jest.fn();
    await run(job(0), work);
    expect(work).not.toHaveBeenCalled();
    expect(calls.map((c) => c.method)).toEqual(['progress']);
  });

  it('fails a task that runs past its type timeout', async () => {
    await expect(run(job(0), () => new Promise(() => undefined))).rejects.toMatchObject({ code: ErrorCode.Timeout });
    expect(final()?.[2]).toBe(TaskStatus.Failure);
    expect(final()?.[3]).toBe('Task failed (timeout); the error is in result.error');
    expect(final()?.[4]).toMatchObject({ code: 'timeout', error: expect.stringMatching(/within its 1 s limit/) });
  });
});

describe('TaskRunner side effects on a repeated or handed-back run', () => {
  const config = { all: loadConfig({ NODE_ENV: 'test' }) } as AppConfigService;
  const sealer = new SealerService(config);
  const input = { sealed: sealer.seal({}, 'job:query:u') };
  const job = { data: { meta: { taskId: 't2', kind: 'query', requester: { userId: 'u', roles: [] }, priority: 'normal', submittedAt: '' }, input }, attemptsMade: 0, opts: { attempts: 4 }, discard() {}, progress: async () => undefined };

  it('sends the final-state hook only from the run that wrote the final state', async () => {
    let finalWritten = false;
    const store = {
      progress: async () => 'ok',
      finalize: async () => (finalWritten ? 'final' : ((finalWritten = true), 'ok')),
    } as unknown as TaskStore;
    const hook = { onFinal: jest.fn(async () => undefined) };
    const sut = new TaskRunner(store, new TaskAbortRegistry(), config, new JobHandback(), sealer, undefined, undefined, hook);
    await sut.run(job as unknown as Job, (async () => ({ message: 'ok', result: {} })) as never);
    await sut.run(job as unknown as Job, (async () => ({ message: 'again', result: {} })) as never);
    expect(hook.onFinal).toHaveBeenCalledTimes(1);
  });

  it('writes nothing for a run whose job was handed back to the queue', async () => {
    const writes: string[] = [];
    const store = {
      progress: async () => (writes.push('progress'), 'ok'),
      retry: async () => void writes.push('retry'),
      finalize: async () => (writes.push('finalize'), 'ok'),
    } as unknown as TaskStore;
    const handback = new JobHandback();
    const sut = new TaskRunner(store, new TaskAbortRegistry(), config, handback, sealer);
    const queue = { client: { eval: async () => 1 }, token: 'tok', keys: { active: 'a', wait: 'w', paused: 'p', meta: 'm' } };
    const running = sut.run({ ...job, id: 't2', queue, lockKey: () => 'l' } as unknown as Job, (() => new Promise(() => undefined)) as never);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await handback.handBackAll()).toBe(1);
    // Parked: a settled run would let Bull complete the job, which this process may hold again.
    expect(await settledWithin(running, 100)).toBe(false);
    expect(writes).toEqual(['progress']);
  });

  it('parks a job that reaches a stopping worker, handed back or not, rather than completing it', async () => {
    const writes: string[] = [];
    const store = { progress: async () => (writes.push('progress'), 'ok') } as unknown as TaskStore;
    const handback = new JobHandback();
    await handback.handBackAll();
    const sut = new TaskRunner(store, new TaskAbortRegistry(), config, handback, sealer);
    const refusing = { client: { eval: async () => 0 }, token: 'tok', keys: { active: 'a', wait: 'w', paused: 'p', meta: 'm' } };
    const parkedRun = sut.run({ ...job, id: 't3', queue: refusing, lockKey: () => 'l' } as unknown as Job, (async () => ({ message: 'ran', result: {} })) as never);
    expect(await settledWithin(parkedRun, 100)).toBe(false);
    // Handed back: still parked. Settling would let Bull complete the job under this process's
    // token, and another fetch loop of this process may already hold it again (it then vanishes).
    let handedBack = 0;
    const accepting = { ...refusing, client: { eval: async () => (handedBack++, 1) } };
    const handedRun = sut.run({ ...job, id: 't4', queue: accepting, lockKey: () => 'l' } as unknown as Job, (async () => ({ message: 'ran', result: {} })) as never);
    expect(await settledWithin(handedRun, 100)).toBe(false);
    expect(handedBack).toBe(1);
    expect(writes).toEqual([]);
  });
});

function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true, () => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
}

/**
 * After a Redis outage Bull's connections (no ready check) can hand this worker jobs while the task
 * store's own connection is not ready yet, for seconds; a store write that fails then must not
 * spend the task's attempts (all of them went within the backoff's first seconds, and the
 * sweeper then failed the task though Redis was back).
 */
describe('TaskRunner while the task store is unreachable', () => {
  const config = { all: loadConfig({ NODE_ENV: 'test', TASK_TIMEOUT_QUERY_SECONDS: '1' }) } as AppConfigService;
  const sealer = new SealerService(config);
  const job = () => ({
    data: { meta: { taskId: 't5', kind: 'query', requester: { userId: 'u', roles: [] }, priority: 'normal', submittedAt: '' }, input: { sealed: sealer.seal({}, 'job:query:u') } },
    attemptsMade: 0,
    opts: { attempts: 4 },
    discard() {},
    progress: async () => undefined,
  });
  const unreachable = () => new AppError(ErrorCode.QueueUnavailable, 'The task store (Redis) is unavailable; retry shortly', { transient: true });

  /** A store whose connection is down until `reconnect()`; `down` writes are refused as RedisService.guard refuses them. */
  function flakyStore() {
    const writes: string[] = [];
    let down = true;
    let waiters: (() => void)[] = [];
    const write = (name: string, value: unknown) => async () => {
      if (down) throw unreachable();
      writes.push(name);
      return value;
    };
    const store = {
      progress: write('progress', 'ok'),
      retry: write('retry', 'ok'),
      finalize: write('finalize', 'ok'),
      whenReachable: (ms: number) =>
        down ? new Promise<boolean>((resolve) => (waiters.push(() => resolve(true)), setTimeout(() => resolve(false), ms))) : Promise.resolve(true),
    } as unknown as TaskStore;
    return {
      store,
      writes,
      drop: () => void (down = true),
      reconnect() {
        down = false;
        for (const wake of waiters) wake();
        waiters = [];
      },
    };
  }

  it('waits for the store before starting a job rather than failing the attempt', async () => {
    const flaky = flakyStore();
    const sut = new TaskRunner(flaky.store, new TaskAbortRegistry(), config, new JobHandback(), sealer);
    const work = jest.fn(async () => ({ message: 'ok', result: {} }));
    const running = sut.run(job() as unknown as Job, work as never);
    expect(await settledWithin(running, 300)).toBe(false);
    expect(work).not.toHaveBeenCalled();
    flaky.reconnect();
    await expect(running).resolves.toBeUndefined();
    expect(work).toHaveBeenCalledTimes(1);
    expect(flaky.writes).toEqual(['progress', 'finalize']);
  });

  it("keeps a finished run's result until the store is back rather than throwing it away with the attempt", async () => {
    const flaky = flakyStore();
    flaky.reconnect();
    const sut = new TaskRunner(flaky.store, new TaskAbortRegistry(), config, new JobHandback(), sealer);
    const running = sut.run(job() as unknown as Job, (async () => (flaky.drop(), { message: 'ok', result: {} })) as never);
    expect(await settledWithin(running, 300)).toBe(false);
    flaky.reconnect();
    await expect(running).resolves.toBeUndefined();
    expect(flaky.writes).toEqual(['progress', 'finalize']);
  });

  it('fails the attempt as before when the store stays unreachable for as long as the task may run', async () => {
    const flaky = flakyStore();
    const sut = new TaskRunner(flaky.store, new TaskAbortRegistry(), config, new JobHandback(), sealer);
    const started = Date.now();
    await expect(sut.run(job() as unknown as Job, (async () => ({ message: 'ok', result: {} })) as never)).rejects.toMatchObject({ code: ErrorCode.QueueUnavailable });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
