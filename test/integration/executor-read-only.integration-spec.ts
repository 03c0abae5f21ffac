/**
 * The executor's own READ ONLY transaction (runReadOnlyQuery over PgSqlEngine, the path every SQL
 * tool takes), proven on its own: the SQL gate lets user functions through (their side effects
 * are the database's to stop), and here medcor_analyst's role-level read-only default is switched
 * off for this database, so nothing but the executor's `BEGIN READ ONLY` stands between a
 * writing function and the data.
 */
import { Client } from 'pg';
import { PgSqlEngine } from '../../src/mcp-server/db/pg-sql-engine';
import { runReadOnlyQuery } from '../../src/mcp-server/db/read-only-query';
import { ToolError, ToolErrorCode } from '../../src/mcp-server/tools/tool-definition';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

describe('the SQL executor on PostgreSQL (integration)', () => {
  let database: TestDatabase;
  let admin: Client;
  let engine: PgSqlEngine;

  const writes = async () => Number((await admin.query<{ n: string }>('SELECT count(*) AS n FROM executor_probe.writes')).rows[0].n);

  beforeAll(async () => {
    database = await createTestDatabase(20);
    admin = new Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(`
      CREATE SCHEMA executor_probe;
      CREATE TABLE executor_probe.writes (id serial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());
      -- SECURITY DEFINER: the owner may insert, so privileges are not what stops the call.
      CREATE FUNCTION executor_probe.record_write() RETURNS integer LANGUAGE sql VOLATILE SECURITY DEFINER
        AS 'INSERT INTO executor_probe.writes DEFAULT VALUES RETURNING id';
      GRANT USAGE ON SCHEMA executor_probe TO medcor_analyst;
      GRANT EXECUTE ON FUNCTION executor_probe.record_write() TO medcor_analyst;
      ALTER ROLE medcor_analyst IN DATABASE "${database.name}" SET default_transaction_read_only = off;
    `);
    engine = new PgSqlEngine({ name: 'probe', url: database.url });
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    await admin?.end();
    await database?.drop();
  });

  it('is set up so that only the executor\'s transaction mode is in the way: the function writes outside it', async () => {
    const reader = new Client({ connectionString: database.url.replace('postgres@', 'medcor_analyst@') });
    await reader.connect();
    try {
      await reader.query('SELECT executor_probe.record_write()');
    } finally {
      await reader.end();
    }
    expect(await writes()).toBe(1);
    await admin.query('TRUNCATE executor_probe.writes');
  });

  it('refuses a writing function that the gate lets through, because the transaction is READ ONLY', async () => {
    const error = await runReadOnlyQuery(engine, 'SELECT executor_probe.record_write() AS id', { rowCap: 10 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ToolError);
    expect(error).toMatchObject({ code: ToolErrorCode.Refused, details: { sqlstate: '25006' } });
    expect((error as Error).message).toMatch(/read-only transaction/);
    expect(await writes()).toBe(0);
  });
});
