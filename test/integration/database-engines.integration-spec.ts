/**
 * The executor, roles and tools of medcor-tools, proven against BOTH engines with one suite: a
 * fresh PostgreSQL database (created and dropped here, 200 demo patients) and one embedded
 * PGlite in its worker thread (one per file: its cold start is seconds). Nothing is mocked; the patient_record check
 * observes a real engine through a recording wrapper.
 */
import { Client } from 'pg';
import { z } from 'zod';
import { pgAdmin, type AdminConnection } from '../../src/mcp-server/db/admin-connection';
import { createDatabaseRegistry, type DatabaseRegistry } from '../../src/mcp-server/db/database-registry';
import { setupPostgresDatabase } from '../../src/mcp-server/db/database-setup';
import { DEMO_TABLES, demoDataChecksum } from '../../src/mcp-server/db/demo-data/demo-data-generator';
import { PgliteSqlEngine } from '../../src/mcp-server/db/pglite-sql-engine';
import { runReadOnlyQuery } from '../../src/mcp-server/db/read-only-query';
import type { SqlEngine, TransactionOptions } from '../../src/mcp-server/db/sql-engine';
import { databaseTools } from '../../src/mcp-server/tools/database-tools';
import { patientTools } from '../../src/mcp-server/tools/patient-tools';
import { ToolErrorCode, type ToolActor, type ToolDefinition } from '../../src/mcp-server/tools/tool-definition';
import { toolError } from '../helpers/tool-error';
import { reportingSchemaCases } from './reporting-schema.cases';

const PATIENTS = 200;
const ADMIN_BASE = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432';

interface Fixture {
  registry: DatabaseRegistry;
  engine: SqlEngine;
  admin: AdminConnection;
  /** Runs `sql` on a raw connection logged in as (pg) or switched to (PGlite) `role`, without the gate. */
  asRoleWithoutGate(role: string, sql: string): Promise<unknown>;
  close(): Promise<void>;
}

async function postgresFixture(): Promise<Fixture> {
  const name = `medcor_test_db_${process.pid}_${Date.now()}`;
  const url = `${ADMIN_BASE}/${name}`;
  await setupPostgresDatabase(url, { demoPatients: PATIENTS });
  const adminClient = new Client({ connectionString: url });
  await adminClient.connect();
  const registry = await createDatabaseRegistry({ databases: { medcor_db2: url }, rowCap: 100, statementTimeoutMs: 5000 });
  return {
    registry,
    engine: registry.get('medcor_db2'),
    admin: pgAdmin(adminClient),
    async asRoleWithoutGate(role, sql) {
      const reader = new Client({ connectionString: url.replace('postgres@', `${role}@`) });
      await reader.connect();
      try {
        await reader.query('SET default_transaction_read_only = off');
        return await reader.query(sql);
      } finally {
        await reader.end();
      }
    },
    async close() {
      await registry.close();
      await adminClient.end();
      const maintenance = new Client({ connectionString: `${ADMIN_BASE}/postgres` });
      await maintenance.connect();
      await maintenance.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await maintenance.end();
    },
  };
}

async function pgliteFixture(): Promise<Fixture> {
  const registry = await createDatabaseRegistry({ demoPatients: PATIENTS, rowCap: 100, statementTimeoutMs: 5000 });
  const engine = registry.get('medcor_db2') as PgliteSqlEngine;
  const admin = engine.admin();
  return {
    registry,
    engine,
    admin,
    async asRoleWithoutGate(role, sql) {
      await admin.exec(`BEGIN; SET LOCAL ROLE ${role}`);
      try {
        return await admin.rows(sql);
      } finally {
        await admin.exec('ROLLBACK');
      }
    },
    close: () => registry.close(),
  };
}

/** Row counts plus an md5 over every patient and audit row: "the data are unchanged". */
async function dataChecksum(admin: AdminConnection): Promise<string> {
  const [row] = await admin.rows<{ sum: string }>(`SELECT concat_ws(':',
      (SELECT md5(string_agg(p::text, '|' ORDER BY p.id)) FROM medcor.patients p),
      (SELECT count(*) FROM medcor.encounters), (SELECT count(*) FROM medcor.diagnoses),
      (SELECT count(*) FROM medcor.lab_results), (SELECT count(*) FROM medcor_audit.audit_log),
      (SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'medcor')) AS sum`);
  return row.sum;
}

/**
 * A digest of every demo table's rows, rendered in UTC. PostgreSQL is loaded with INSERTs and
 * PGlite with COPY (demo-data-loader.ts): both must hold the same values.
 */
async function rowDigests(admin: AdminConnection): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  await admin.exec("BEGIN READ ONLY; SET LOCAL TimeZone = 'UTC'");
  try {
    for (const table of DEMO_TABLES) {
      const [row] = await admin.rows<{ md5: string }>(`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS md5 FROM medcor.${table} t`);
      digests[table] = row.md5;
    }
  } finally {
    await admin.exec('ROLLBACK');
  }
  return digests;
}
const loadedRows: Record<string, Record<string, string>> = {};

/** `actor` stands for the identity the tools server takes from the gateway's signed assertion. */
async function call(tools: ToolDefinition[], name: string, args: Record<string, unknown>, actor?: ToolActor) {
  const tool = tools.find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  const parsed = z.object(tool.inputSchema).parse(args);
  return tool.handler(parsed, { signal: new AbortController().signal, progress: async () => undefined, ...(actor ? { actor } : {}) });
}

/** Records the role of each transaction and each statement, passing everything to the real engine. */
function recording(engine: SqlEngine): { engine: SqlEngine; log: Array<{ role: string; sql: string }> } {
  const log: Array<{ role: string; sql: string }> = [];
  const wrapped: SqlEngine = Object.create(engine) as SqlEngine;
  wrapped.transaction = <T>(options: TransactionOptions, fn: Parameters<SqlEngine['transaction']>[1]) =>
    engine.transaction(options, (session) =>
      fn({ query: (sql, params) => (log.push({ role: options.role, sql }), session.query(sql, params)) }),
    ) as Promise<T>;
  return { engine: wrapped, log };
}

describe('demo data generator', () => {
  it('gives the same checksum for the same seed and a different one for another seed', () => {
    const a = demoDataChecksum({ patients: 50, seed: 7 });
    expect(demoDataChecksum({ patients: 50, seed: 7 })).toEqual(a);
    expect(demoDataChecksum({ patients: 50, seed: 8 }).checksum).not.toBe(a.checksum);
    expect(a.counts.patients).toBe(50);
    expect(a.counts.encounters).toBeGreaterThan(50 * 7);
    expect(a.counts.encounters).toBeLessThan(50 * 13);
  });
});

describe.each([
  ['postgres', postgresFixture],
  ['pglite', pgliteFixture],
] as const)('database engine: %s', (kind, makeFixture) => {
  let fx: Fixture;
  let before: string;
  beforeAll(async () => {
    fx = await makeFixture();
    before = await dataChecksum(fx.admin);
  }, 120_000);
  afterAll(async () => fx?.close(), 30_000);

  it('loads exactly the rows the generator produces', async () => {
    const { counts } = demoDataChecksum({ patients: PATIENTS });
    for (const [table, n] of Object.entries(counts)) {
      const [row] = await fx.admin.rows<{ n: number }>(`SELECT count(*)::int AS n FROM medcor.${table}`);
      expect({ table, n: row.n }).toEqual({ table, n });
    }
    loadedRows[kind] = await rowDigests(fx.admin);
  });

  it('caps rows at rowCap, keeps the query order and says when it truncated', async () => {
    const capped = await runReadOnlyQuery(fx.engine, 'SELECT g AS id FROM generate_series(1, 200) g ORDER BY g DESC', { rowCap: 3 });
    expect(capped.rows).toEqual([[200], [199], [198]]);
    expect(capped).toMatchObject({ row_count: 3, truncated: true, columns: [{ name: 'id', type: 'int4' }] });
    const exact = await runReadOnlyQuery(fx.engine, 'SELECT g FROM generate_series(1, 5) g', { rowCap: 5 });
    expect(exact).toMatchObject({ row_count: 5, truncated: false });
  });

  it('stops a statement past its timeout', async () => {
    await runReadOnlyQuery(fx.engine, 'SELECT 1', { rowCap: 1 });
    const started = Date.now();
    const error = await toolError(runReadOnlyQuery(fx.engine, 'SELECT count(*) FROM generate_series(1, 200000000)', { rowCap: 10, statementTimeoutMs: 300 }));
    expect(error.code).toBe(ToolErrorCode.Timeout);
    // PostgreSQL cuts the statement itself; PGlite's worker is terminated at the limit.
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('stops an unbounded WITH RECURSIVE at the statement timeout, and the next query runs', async () => {
    // PGlite may still be reopening after the previous test stopped a statement: not this one's time.
    await runReadOnlyQuery(fx.engine, 'SELECT 1', { rowCap: 1 });
    const started = Date.now();
    const sql = 'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t';
    const error = await toolError(runReadOnlyQuery(fx.engine, sql, { rowCap: 10, statementTimeoutMs: 1000 }));
    const elapsed = Date.now() - started;
    console.log(`${kind}: WITH RECURSIVE stopped after ${elapsed} ms (limit 1000 ms)`);
    expect(error.code).toBe(ToolErrorCode.Timeout);
    expect(error.details).toMatchObject({ timeout_ms: 1000 });
    expect(elapsed).toBeLessThan(2000);
    const next = await runReadOnlyQuery(fx.engine, 'SELECT count(*)::int FROM patients', { rowCap: 1 });
    expect(next.rows).toEqual([[PATIENTS]]);
  });

  it('cuts a 100 MB cell to the cell cap with a marker and says why', async () => {
    const caps = { cellMaxBytes: 64 * 1024, rowMaxBytes: 256 * 1024, resultMaxBytes: 4 * 1024 * 1024 };
    const result = await runReadOnlyQuery(fx.engine, "SELECT 1 AS id, repeat('x', 100000000) AS big", { rowCap: 10, statementTimeoutMs: 30_000, byteCaps: caps });
    expect(result).toMatchObject({ row_count: 1, truncated: true, truncated_reason: 'cell_bytes', cells_cut: 1 });
    const big = result.rows[0][1] as string;
    expect(big).toMatch(/^x+…\[cut: 100000000 bytes\]$/);
    expect(Buffer.byteLength(JSON.stringify(big))).toBeLessThanOrEqual(caps.cellMaxBytes);
    expect(Buffer.byteLength(JSON.stringify(result.rows))).toBeLessThanOrEqual(caps.resultMaxBytes);
  });

  it('stops fetching rows once the result cap is full', async () => {
    const caps = { cellMaxBytes: 64 * 1024, rowMaxBytes: 256 * 1024, resultMaxBytes: 1024 * 1024 };
    const result = await runReadOnlyQuery(fx.engine, "SELECT g, repeat('y', 200000) FROM generate_series(1, 1000) g", { rowCap: 1000, statementTimeoutMs: 30_000, byteCaps: caps });
    expect(result).toMatchObject({ truncated: true, truncated_reason: 'result_bytes' });
    expect(result.row_count).toBeGreaterThan(10);
    expect(result.row_count).toBeLessThan(20);
    expect(Buffer.byteLength(JSON.stringify(result.rows))).toBeLessThanOrEqual(caps.resultMaxBytes);
  });

  it('runs in a READ ONLY transaction even when a write reaches the engine without the gate', async () => {
    const error = await fx.engine
      .transaction({ role: 'reader', readOnly: true, statementTimeoutMs: 2000 }, (s) =>
        s.query("INSERT INTO medcor.departments (id, name, building, floor) VALUES (999, 'x', 'x', 1)"))
      .catch((e: { code?: string }) => e);
    expect((error as { code?: string }).code).toBe('25006');
    expect(await dataChecksum(fx.admin)).toBe(before);
  });

  it('gives medcor_reader no write privilege, without the gate or a read-only transaction', async () => {
    const error = await fx.asRoleWithoutGate('medcor_reader', 'DELETE FROM medcor.patients').catch((e: { code?: string }) => e);
    expect((error as { code?: string }).code).toBe('42501');
    const audit = await toolError(runReadOnlyQuery(fx.engine, 'SELECT * FROM medcor_audit.audit_log', { rowCap: 5 }));
    expect(audit.code).toBe(ToolErrorCode.Forbidden);
    expect(await dataChecksum(fx.admin)).toBe(before);
  });

  it.each([
    'SELECT 1; COMMIT; DROP TABLE medcor.patients',
    'DELETE FROM medcor.patients',
    'WITH gone AS (DELETE FROM medcor.patients RETURNING id) SELECT count(*) FROM gone',
    "SELECT pg_read_file('/etc/passwd')",
    'UPDATE medcor.patients SET last_name = NULL',
    'SELECT * FROM medcor.patients FOR UPDATE',
    'TRUNCATE medcor.lab_results',
  ])('refuses %s and leaves the data unchanged', async (sql) => {
    const error = await toolError(runReadOnlyQuery(fx.engine, sql, { rowCap: 5 }));
    expect(error.code).toBe(ToolErrorCode.Refused);
    expect(error.details).toMatchObject({ rule: expect.any(String) });
    expect(await dataChecksum(fx.admin)).toBe(before);
  });

  it('lets medcor_auditor append and read audit rows but never UPDATE, DELETE or TRUNCATE them', async () => {
    const tools = patientTools(fx.registry);
    const appended = await call(tools, 'audit_append', { action: 'test.append', outcome: 'success', details: { k: 1 } }, { userId: 'dr.raman', roles: ['clinician'] });
    const listed = await call(tools, 'audit_list', { actor: 'dr.raman', action: 'test.append' }, { userId: 'audit.amy', roles: ['auditor'] });
    expect(listed.data).toMatchObject({ total: 1, records: [{ id: appended.data?.id, outcome: 'success', details: { k: 1 } }] });
    for (const sql of ['UPDATE medcor_audit.audit_log SET outcome = $$x$$', 'DELETE FROM medcor_audit.audit_log', 'TRUNCATE medcor_audit.audit_log']) {
      const error = await fx.engine
        .transaction({ role: 'auditor', readOnly: false, statementTimeoutMs: 2000 }, (s) => s.query(sql))
        .catch((e: { code?: string }) => e);
      expect({ sql, code: (error as { code?: string }).code }).toEqual({ sql, code: '42501' });
    }
    const [row] = await fx.admin.rows<{ n: number }>("SELECT count(*)::int AS n FROM medcor_audit.audit_log WHERE outcome = 'success'");
    expect(row.n).toBe(1);
  });

  it('keeps a request id in the audit log only when it is opaque: free text there could name a patient', async () => {
    const tools = patientTools(fx.registry);
    const opaque = '3f2b8c1e-9d4a-4b7e-8f01-2c3d4e5f6a7b';
    await call(tools, 'audit_append', { action: 'test.request_id', outcome: 'kept', request_id: opaque }, { userId: 'dr.raman', roles: ['clinician'] });
    await call(tools, 'audit_append', { action: 'test.request_id', outcome: 'dropped', request_id: 'jane-doe-dob-1950-01-01' }, { userId: 'dr.raman', roles: ['clinician'] });
    const rows = await fx.admin.rows<{ outcome: string; request_id: string | null }>(
      "SELECT outcome, request_id FROM medcor_audit.audit_log WHERE action = 'test.request_id' ORDER BY id",
    );
    expect(rows).toEqual([{ outcome: 'kept', request_id: opaque }, { outcome: 'dropped', request_id: null }]);
  });

  it('refuses patient_record for a non-care-team caller before reading any patient table', async () => {
    const spy = recording(fx.engine);
    const registry = { ...fx.registry, get: () => spy.engine };
    const tools = patientTools(registry);
    const forbidden = await toolError(call(tools, 'patient_record', { patient_id: 1, purpose: 'treatment' }, { userId: 'dr.okafor', roles: ['clinician'] }));
    expect(forbidden.code).toBe(ToolErrorCode.Forbidden);
    expect(spy.log.length).toBeGreaterThan(0);
    expect(spy.log.every((q) => q.role === 'auditor' && !/patients|encounters|diagnoses|medications|lab_results/.test(q.sql))).toBe(true);
    spy.log.length = 0;
    const notClinician = await toolError(call(tools, 'patient_record', { patient_id: 1, purpose: 'treatment' }, { userId: 'dr.raman', roles: ['analyst'] }));
    expect(notClinician.code).toBe(ToolErrorCode.Forbidden);
    expect(spy.log).toEqual([]);
    const record = await call(tools, 'patient_record', { patient_id: 1, purpose: 'treatment' }, { userId: 'dr.raman', roles: ['clinician'] });
    expect(record.data).toMatchObject({ patient: { id: 1, mrn: 'MRN00000001' }, access: { allowed: true } });
    expect((record.data?.recent_encounters as unknown[]).length).toBeLessThanOrEqual(5);
    expect(record.data?.patient).not.toHaveProperty('ssn');
  });

  it('serves list_databases, list_tables, describe_table, sql_query and explain_query, and names known databases for an unknown one', async () => {
    const tools = databaseTools(fx.registry);
    const databases = await call(tools, 'list_databases', {});
    expect(databases.data).toEqual({ databases: fx.registry.names(), default: 'medcor_db2' });
    expect(databases.text).toContain('medcor_db2');
    const tables = await call(tools, 'list_tables', {});
    expect((tables.data?.tables as Array<{ table: string }>).map((t) => t.table)).toEqual(expect.arrayContaining(['patients', 'encounters', 'care_team']));
    const described = await call(tools, 'describe_table', { table: 'patients' });
    expect(described.data?.columns).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'patient_key', type: 'text' })]));
    const result = await call(tools, 'sql_query', { sql: 'SELECT sex, count(*) AS n FROM patients GROUP BY sex ORDER BY sex', max_rows: 1 });
    expect(result.data).toMatchObject({ row_count: 1, truncated: true, database: 'medcor_db2', columns: [{ name: 'sex' }, { name: 'n' }] });
    expect(result.text).toMatch(/sex +\| n/);
    expect(result.text).toContain('truncated=true');
    const plan = await call(tools, 'explain_query', { sql: 'SELECT * FROM encounters e JOIN patients p USING (patient_key)' });
    expect(plan.data?.total_cost).toBeGreaterThan(0);
    expect(plan.data?.plan_rows).toBeGreaterThan(0);
    const unknown = await toolError(call(tools, 'sql_query', { database: 'nope', sql: 'SELECT 1' }));
    expect(unknown.code).toBe(ToolErrorCode.NotFound);
    expect(unknown.message).toContain('medcor_db2');
  });

  it('reports cohort statistics with small cells and their complements suppressed and counts rounded', async () => {
    const tools = patientTools(fx.registry);
    const stats = await call(tools, 'cohort_statistics', { condition_icd10_prefix: 'E11' });
    const data = stats.data as { patient_count: number; age_bands: Record<string, number | string>; sex: Record<string, number | string> };
    expect(data.patient_count).toBeGreaterThanOrEqual(5);
    const cells = [...Object.values(data.age_bands), ...Object.values(data.sex)];
    expect(cells.every((c) => c === '<5' || c === 'suppressed' || (typeof c === 'number' && c % 5 === 0))).toBe(true);
    expect(cells).toContain('<5'); // sex X is ~1% of patients: a small cell this seed does produce
    // No dimension hides exactly one cell (total minus the rest would give it back), and the total is rounded.
    for (const dimension of [data.age_bands, data.sex]) expect(Object.values(dimension).filter((c) => typeof c !== 'number').length).not.toBe(1);
    expect(data.patient_count % 10).toBe(0);
    // Two queries differing by one filter difference to a multiple of 10, never an exact small count.
    const older = (await call(tools, 'cohort_statistics', { condition_icd10_prefix: 'E11', min_age: 41 })).data as { patient_count: number };
    const younger = (await call(tools, 'cohort_statistics', { condition_icd10_prefix: 'E11', min_age: 40 })).data as { patient_count: number };
    expect((younger.patient_count - older.patient_count) % 10).toBe(0);
    expect(stats.text).not.toMatch(/MRN|@example/);
  });

  describe('reporting schema', () => {
    reportingSchemaCases(() => fx);
  });
});

describe('demo data on both engines', () => {
  it('holds the same values whether loaded by INSERT (postgres) or by COPY (pglite)', () => {
    expect(Object.keys(loadedRows).sort()).toEqual(['pglite', 'postgres']);
    expect(loadedRows.pglite).toEqual(loadedRows.postgres);
  });
});

describe('postgres engine connections', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await postgresFixture();
  }, 120_000);
  afterAll(async () => fx?.close(), 30_000);

  const pid = async (): Promise<number> =>
    Number((await fx.engine.transaction({ role: 'analyst', readOnly: true, statementTimeoutMs: 2000 }, (s) => s.query('SELECT pg_backend_pid()'))).rows[0][0]);

  it('reuses a healthy connection and discards the one that saw an error', async () => {
    const first = await pid();
    expect(await pid()).toBe(first);
    const error = await toolError(runReadOnlyQuery(fx.engine, 'SELECT 1 / 0', { rowCap: 5 }));
    expect(error.code).toBe(ToolErrorCode.InvalidArgument);
    const next = await pid();
    expect(next).not.toBe(first);
    // The backend exits once the destroyed client's Terminate message arrives.
    let alive = 1;
    for (let i = 0; i < 20 && alive > 0; i++) {
      [{ n: alive }] = await fx.admin.rows<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [first]);
      if (alive > 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(alive).toBe(0);
  });

  it('runs caller SQL as medcor_analyst, not as the URL user', async () => {
    const result = await runReadOnlyQuery(fx.engine, 'SELECT current_user', { rowCap: 1 });
    expect(result.rows).toEqual([['medcor_analyst']]);
  });
});
