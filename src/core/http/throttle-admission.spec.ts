import { LocalAdmission, type ThrottleCount } from './throttle-admission';

const nextTurn = () => new Promise((r) => setImmediate(r));

/** A stand-in for the Redis script: counts hits, answers when told to. */
function redisCounter(windowMs = 60_000) {
  let hits = 0;
  const waiting: Array<() => void> = [];
  return {
    sent: () => hits,
    unanswered: () => waiting.length,
    count: (): Promise<ThrottleCount> => {
      hits++;
      const totalHits = hits;
      return new Promise((resolve) => waiting.push(() => resolve({ totalHits, timeToExpireMs: windowMs, isBlocked: false, timeToBlockExpireMs: 0 })));
    },
    /** Lets increments sent behind local answers go out, then answers everything sent. */
    answerAll: async () => {
      await nextTurn();
      while (waiting.length) waiting.shift()!();
      await nextTurn();
    },
  };
}

/** An admission that has had one answer for `user:a` (1 hit), as after a user's first request. */
async function primed(limit: number) {
  const redis = redisCounter();
  const admission = new LocalAdmission();
  const first = admission.check('user:a', limit, redis.count);
  await redis.answerAll();
  await first;
  return { redis, admission };
}

const settled = async <T>(promise: Promise<T>): Promise<T | 'waiting'> =>
  Promise.race([promise, new Promise<'waiting'>((r) => setImmediate(() => r('waiting')))]);

describe('LocalAdmission', () => {
  it('waits for Redis on a key it has no answer for yet', async () => {
    const redis = redisCounter();
    const admission = new LocalAdmission();

    const first = admission.check('user:a', 100, redis.count);

    expect(await settled(first)).toBe('waiting');
    await redis.answerAll();
    expect(await first).toMatchObject({ totalHits: 1 });
  });

  it('far from the limit, answers at once and still sends every increment to Redis', async () => {
    const { redis, admission } = await primed(100);

    const answers: Array<ThrottleCount | 'waiting'> = [];
    for (let i = 0; i < 5; i++) answers.push(await settled(admission.check('user:a', 100, redis.count)));

    expect(answers.map((a) => (typeof a === 'string' ? a : a.totalHits))).toEqual([2, 3, 4, 5, 6]);
    await nextTurn();
    expect(redis.sent()).toBe(6);
    expect(redis.unanswered()).toBe(5);
  });

  it('waits for Redis once known plus unanswered hits come within a tenth of the limit', async () => {
    const { redis, admission } = await primed(10);

    const local = [];
    for (let i = 0; i < 8; i++) local.push(await settled(admission.check('user:a', 10, redis.count)));
    const tenth = admission.check('user:a', 10, redis.count);

    expect(local.every((a) => a !== 'waiting')).toBe(true); // hits 2..9: a limit of 10 minus a headroom of 1
    expect(await settled(tenth)).toBe('waiting');
    await redis.answerAll();
    expect(await tenth).toMatchObject({ totalHits: 10 });
  });

  it('learns other replicas’ hits from each answer', async () => {
    const { redis, admission } = await primed(10);
    for (let i = 0; i < 7; i++) void redis.count(); // another replica's hits
    await redis.answerAll();

    const next = admission.check('user:a', 10, redis.count); // known 1 + 1: still local
    expect(await settled(next)).not.toBe('waiting');
    await redis.answerAll(); // its answer says 9

    expect(await settled(admission.check('user:a', 10, redis.count))).toBe('waiting');
  });

  it('waits in the last second of a window, and after the window or a block has been reported', async () => {
    let now = 1_000_000;
    const admission = new LocalAdmission(() => now);
    const count = (answer: Partial<ThrottleCount>) => () => Promise.resolve({ totalHits: 1, timeToExpireMs: 60_000, isBlocked: false, timeToBlockExpireMs: 0, ...answer });
    await admission.check('user:a', 100, count({}));

    now += 59_500;
    let called = 0;
    await admission.check('user:a', 100, () => (called++, count({ timeToExpireMs: 500 })()));
    expect(called).toBe(1);

    await admission.check('user:b', 100, count({ totalHits: 101, isBlocked: true, timeToBlockExpireMs: 30_000 }));
    await admission.check('user:b', 100, () => (called++, count({ totalHits: 102, isBlocked: true, timeToBlockExpireMs: 29_000 })()));
    expect(called).toBe(2);
  });

  it('forgets a key whose increment failed, so the next check waits (and the guard fails open)', async () => {
    const admission = new LocalAdmission();
    await admission.check('user:a', 100, () => Promise.resolve({ totalHits: 1, timeToExpireMs: 60_000, isBlocked: false, timeToBlockExpireMs: 0 }));

    await admission.check('user:a', 100, () => Promise.reject(new Error('connection lost')));
    await nextTurn();
    await nextTurn();

    expect(admission.size).toBe(0);
    await expect(admission.check('user:a', 100, () => Promise.reject(new Error('still down')))).rejects.toThrow('still down');
  });

  it('remembers at most 10,000 keys: past that, expired windows are swept and a new key that does not fit waits for Redis', async () => {
    let now = 1_000_000;
    const admission = new LocalAdmission(() => now);
    const answer = (timeToExpireMs: number) => () => Promise.resolve({ totalHits: 1, timeToExpireMs, isBlocked: false, timeToBlockExpireMs: 0 });
    for (let i = 0; i < 5_000; i++) await admission.check(`short:${i}`, 100, answer(10_000));
    for (let i = 0; i < 5_000; i++) await admission.check(`long:${i}`, 100, answer(60_000));
    expect(admission.size).toBe(10_000);

    await admission.check('late:1', 100, answer(60_000));
    expect(admission.size).toBe(10_000); // full, nothing expired: not remembered

    now += 20_000; // the short windows are over
    await admission.check('late:2', 100, answer(60_000));
    expect(admission.size).toBe(5_001);
    const unanswered = () => new Promise<ThrottleCount>(() => undefined);
    expect(await settled(admission.check('late:2', 100, unanswered))).not.toBe('waiting'); // known now
    expect(await settled(admission.check('late:1', 100, unanswered))).toBe('waiting'); // was not remembered
  });
});
