/**
 * One user's long SQL cannot starve another's (audit): each asserted caller may have
 * SQL_CONCURRENCY_PER_CALLER statements running at once (2 on PostgreSQL, whose pool has 5
 * connections per role). Alice's six slow recursive queries run two at a time and the rest are
 * answered busy; Bob's small queries, sent while hers run, are answered at once.
 */
import { createTestApp, type TestApp } from '../helpers/test-app';

const SLOW = 'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t';

describe('SQL concurrency per caller (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Each slow query runs into a 3 s statement timeout.
    t = await createTestApp({ registry: { statementTimeoutMs: 3000 } });
  }, 120_000);
  afterAll(() => t?.close());

  it("answers another user's small queries at once while one user's slow queries hold their two slots", async () => {
    const alice = t.token('alice-sql', ['clinician']);
    const bob = t.token('bob-sql', ['clinician']);
    const post = (token: string, query: string) => t.request().post('/api/ai/database/').set('authorization', `Bearer ${token}`).send({ query, database: 'medcor_db2' });

    const queued = await Promise.all(Array.from({ length: 6 }, () => post(alice, SLOW)));
    expect(queued.map((r) => r.status)).toEqual([202, 202, 202, 202, 202, 202]);
    // Let her statements reach the database.
    await new Promise((r) => setTimeout(r, 700));

    const started = Date.now();
    const answers = await Promise.all([post(bob, 'SELECT patient_key, sex FROM patients LIMIT 5'), post(bob, 'SELECT name FROM departments LIMIT 3')]);
    const ms = Date.now() - started;
    console.log(`Bob's two queries answered in ${ms} ms while Alice's slow queries ran`);
    expect(answers.map((r) => [r.status, r.body.code ?? 'ok'])).toEqual([[200, 'ok'], [200, 'ok']]);
    // Before: five of her statements held the pool's five connections and Bob waited for one (3 s).
    expect(ms).toBeLessThan(2500);

    const done = await Promise.all(queued.map((r) => t.waitForTask(r.body.task_id, alice, { timeoutMs: 60_000 })));
    // All ended at their statement timeout; those first answered busy ran on a later attempt.
    expect(done.every((d) => d.status === 'FAILURE' && d.result.code === 'timeout')).toBe(true);
    expect(done.filter((d) => d.result.attempts >= 2).length).toBeGreaterThanOrEqual(4);
  }, 90_000);
});
