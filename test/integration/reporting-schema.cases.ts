/**
 * The de-identified reporting schema and the analyst role, checked on each engine by
 * database-engines.integration-spec.ts (which owns the fixture): SQL tools never see an identifier,
 * PostgreSQL's grants hold without the gate, pseudonyms are a keyed HMAC, every request is audited.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { AdminConnection } from '../../src/mcp-server/db/admin-connection';
import type { DatabaseRegistry } from '../../src/mcp-server/db/database-registry';
import { runReadOnlyQuery } from '../../src/mcp-server/db/read-only-query';
import { databaseTools } from '../../src/mcp-server/tools/database-tools';
import { ToolErrorCode, type ToolActor } from '../../src/mcp-server/tools/tool-definition';
import { toolError as rejection } from '../helpers/tool-error';

export interface ReportingFixture {
  registry: DatabaseRegistry;
  admin: AdminConnection;
  asRoleWithoutGate(role: string, sql: string): Promise<unknown>;
}

const IDENTIFIED_COLUMNS = ['first_name', 'last_name', 'mrn', 'ssn', 'phone', 'email', 'address', 'city', 'date_of_birth', 'zip'];

async function callTool(registry: DatabaseRegistry, name: string, args: Record<string, unknown>, actor?: ToolActor) {
  const tool = databaseTools(registry).find((t) => t.name === name)!;
  return tool.handler(z.object(tool.inputSchema).parse(args), { signal: new AbortController().signal, progress: async () => undefined, actor, requestId: 'req-audit-1' });
}

/** What the admin knows: every identifier of every patient, as text. */
async function identifiers(admin: AdminConnection): Promise<{ long: string[]; names: Set<string>; ids: number[] }> {
  const rows = await admin.rows<Record<string, string | number | null>>(
    `SELECT id, ${IDENTIFIED_COLUMNS.map((c) => `${c}::text AS ${c}`).join(', ')} FROM medcor.patients`,
  );
  const long = rows.flatMap((r) => [r.mrn, r.ssn, r.phone, r.email, r.address, r.date_of_birth]).filter((v): v is string => typeof v === 'string');
  const names = new Set(rows.flatMap((r) => [r.first_name, r.last_name, r.city, r.zip]).filter((v): v is string => typeof v === 'string'));
  return { long, names, ids: rows.map((r) => Number(r.id)) };
}

export function reportingSchemaCases(fixture: () => ReportingFixture): void {
  const analyst: ToolActor = { userId: 'ana.lyst', roles: ['analyst'], purpose: 'reporting', taskId: 'task-7', routing: 'inline' };

  it('returns no identifier of any patient from any reporting view', async () => {
    const { registry, admin } = fixture();
    const known = await identifiers(admin);
    const tables = await callTool(registry, 'list_tables', {});
    const names = (tables.data?.tables as Array<{ table: string }>).map((t) => t.table);
    expect(names).toEqual(['appointments', 'care_team', 'departments', 'diagnoses', 'encounters', 'lab_results', 'medications', 'patients', 'providers']);
    for (const table of names) {
      const result = await runReadOnlyQuery(registry.get('medcor_db2'), `SELECT * FROM ${table}`, { rowCap: 5000 });
      const text = JSON.stringify(result.rows);
      expect({ table, leaked: known.long.filter((v) => text.includes(v)) }).toEqual({ table, leaked: [] });
      const cells = new Set(result.rows.flat().map(String));
      expect({ table, leaked: [...known.names].filter((v) => cells.has(v)) }).toEqual({ table, leaked: [] });
      expect({ table, columns: result.columns.map((c) => c.name).filter((c) => IDENTIFIED_COLUMNS.includes(c) || /(^|_)id$/.test(c) && !/^(provider|department)_id$/.test(c)) })
        .toEqual({ table, columns: [] });
    }
  });

  it('describes a view with what each column generalises, for the model to read', async () => {
    const described = await callTool(fixture().registry, 'describe_table', { table: 'reporting.patients' });
    expect(described.data).toMatchObject({ table: 'reporting.patients' });
    expect(described.text).toContain('age_years: Age today in years; 90 means 90 or older');
    expect(described.text).toContain('zip3: First 3 ZIP digits; 000 for low-population areas');
  });

  it('refuses medcor.patients with a clear forbidden error, through the gate and the tools', async () => {
    const { registry } = fixture();
    for (const sql of ['SELECT * FROM medcor.patients LIMIT 1', 'SELECT inner_pad FROM medcor_private.pseudonym_key']) {
      const error = await rejection(callTool(registry, 'sql_query', { sql }));
      expect({ sql, code: error.code, message: error.message }).toEqual({
        sql, code: ToolErrorCode.Forbidden, message: expect.stringContaining('patient tables are only reachable through the de-identified reporting schema'),
      });
    }
    const described = await rejection(callTool(registry, 'describe_table', { table: 'medcor.patients' }));
    expect(described.code).toBe(ToolErrorCode.Forbidden);
    const sessions = await rejection(callTool(registry, 'sql_query', { sql: 'SELECT query FROM pg_stat_activity' }));
    expect(sessions.code).toBe(ToolErrorCode.Refused);
  });

  it('gives medcor_analyst no privilege on identified tables, the key or other sessions, even without the gate', async () => {
    const { asRoleWithoutGate } = fixture();
    for (const sql of [
      'SELECT ssn FROM medcor.patients', 'SELECT * FROM medcor.encounters', 'SELECT * FROM medcor_private.pseudonym_key',
      'SELECT * FROM medcor_audit.audit_log', 'SELECT query FROM pg_stat_activity', 'SELECT * FROM pg_stat_get_activity(NULL)',
    ]) {
      const error = await asRoleWithoutGate('medcor_analyst', sql).catch((e: { code?: string }) => e);
      expect({ sql, code: (error as { code?: string } | undefined)?.code }).toEqual({ sql, code: '42501' });
    }
  });

  it('shows medcor_analyst no identifier through planner statistics, catalogs or whole-row functions, even without the gate', async () => {
    const { admin, asRoleWithoutGate } = fixture();
    const known = await identifiers(admin);
    // Statistics exist: pg_stats would otherwise be empty whoever asks.
    await admin.exec('ANALYZE medcor.patients');
    const [{ n }] = await admin.rows<{ n: number }>("SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = 'medcor' AND tablename = 'patients'");
    expect(n).toBeGreaterThan(5);
    const [key] = await admin.rows<{ inner_pad: Uint8Array }>('SELECT inner_pad FROM medcor_private.pseudonym_key');
    const pad = Buffer.from(key.inner_pad).toString('hex');
    for (const sql of [
      "SELECT * FROM pg_stats WHERE schemaname IN ('medcor', 'medcor_private')",
      "SELECT most_common_vals::text, histogram_bounds::text FROM pg_catalog.pg_stats WHERE tablename = 'patients'",
      'SELECT * FROM pg_stats_ext',
      "SELECT definition FROM pg_views WHERE schemaname = 'reporting'",
      "SELECT pg_get_viewdef('reporting.patients'::regclass, true)",
      'EXPLAIN (VERBOSE, ANALYZE) SELECT * FROM reporting.patients p JOIN reporting.encounters e USING (patient_key) LIMIT 5',
      "SELECT column_name FROM information_schema.columns WHERE table_schema = 'medcor' AND column_name = 'ssn'",
      'SELECT row_to_json(p)::text, to_jsonb(p)::text FROM reporting.patients p',
      "SELECT string_agg(format('%s', p), ',') FROM reporting.patients p",
      'SELECT min(first_name) FROM medcor.patients',
      'SELECT * FROM ROWS FROM (jsonb_each((SELECT to_jsonb(x) FROM medcor.patients x LIMIT 1))) j',
    ]) {
      const outcome = await asRoleWithoutGate('medcor_analyst', sql).then(
        (result) => JSON.stringify(result),
        (error: { code?: string; message?: string }) => `${error.code} ${error.message}`,
      );
      // The reporting views are the analyst's: those queries run (their answers are what is checked).
      if (sql.includes('reporting.')) expect({ sql, ran: /^[[{]/.test(outcome) }).toEqual({ sql, ran: true });
      const words = new Set(outcome.split(/[^A-Za-z'-]+/));
      const leaked = [...known.long.filter((v) => outcome.includes(v)), ...[...known.names].filter((v) => words.has(v)), ...(outcome.includes(pad) ? ['key'] : [])];
      expect({ sql, leaked }).toEqual({ sql, leaked: [] });
    }
  });

  it('keys patients by HMAC-SHA256 under the database key, stable across queries and joinable', async () => {
    const { registry, admin } = fixture();
    const [key] = await admin.rows<{ inner_pad: Uint8Array }>('SELECT inner_pad FROM medcor_private.pseudonym_key');
    const secret = Buffer.from(key.inner_pad).map((b) => b ^ 0x36).subarray(0, 32);
    const expected = createHmac('sha256', secret).update('patient:1').digest('hex').slice(0, 20);
    const engine = registry.get('medcor_db2');
    const keys = await runReadOnlyQuery(engine, 'SELECT patient_key FROM patients', { rowCap: 5000 });
    expect(keys.rows.map((r) => r[0])).toContain(expected);
    const again = await runReadOnlyQuery(engine, 'SELECT patient_key FROM patients', { rowCap: 5000 });
    expect(again.rows).toEqual(keys.rows);
    const joined = await runReadOnlyQuery(engine,
      'SELECT count(*) AS n FROM diagnoses d JOIN encounters e USING (encounter_key) JOIN patients p ON p.patient_key = e.patient_key', { rowCap: 1 });
    const [{ n }] = await admin.rows<{ n: number }>('SELECT count(*)::int AS n FROM medcor.diagnoses');
    expect(Number(joined.rows[0][0])).toBe(n);
  });

  it('groups ages over 89 as 90 without a birth year, and publishes restricted ZIP areas as 000', async () => {
    const { registry, admin } = fixture();
    await admin.exec(`INSERT INTO medcor.patients (id, mrn, first_name, last_name, date_of_birth, sex, zip)
      VALUES (900001, 'MRN-OLD', 'Old', 'Person', '1920-02-02', 'F', '03601'), (900002, 'MRN-YOUNG', 'Young', 'Person', '1990-06-15', 'M', '62704')`);
    try {
      const [secretRow] = await admin.rows<{ inner_pad: Uint8Array }>('SELECT inner_pad FROM medcor_private.pseudonym_key');
      const secret = Buffer.from(secretRow.inner_pad).map((b) => b ^ 0x36).subarray(0, 32);
      const keyOf = (id: number): string => createHmac('sha256', secret).update(`patient:${id}`).digest('hex').slice(0, 20);
      const result = await runReadOnlyQuery(registry.get('medcor_db2'),
        `SELECT patient_key, birth_year, age_years, zip3 FROM patients WHERE patient_key IN ('${keyOf(900001)}', '${keyOf(900002)}') ORDER BY birth_year NULLS FIRST`, { rowCap: 5 });
      expect(result.rows).toEqual([[keyOf(900001), null, 90, '000'], [keyOf(900002), 1990, expect.any(Number), '627']]);
    } finally {
      await admin.exec('DELETE FROM medcor.patients WHERE id IN (900001, 900002)');
    }
  });

  it('audits every SQL tool request with actor, roles, fingerprint, row count, routing and outcome', async () => {
    const { registry, admin } = fixture();
    await callTool(registry, 'sql_query', { sql: "SELECT sex FROM patients WHERE state = 'IL' LIMIT 3" }, analyst);
    await callTool(registry, 'sql_query', { sql: "SELECT sex FROM patients WHERE state = 'WY' LIMIT 3" }, analyst);
    await rejection(callTool(registry, 'sql_query', { sql: 'DELETE FROM patients' }, analyst));
    await callTool(registry, 'describe_table', { table: 'encounters' }, analyst);
    await callTool(registry, 'list_tables', {}, analyst);
    await callTool(registry, 'explain_query', { sql: 'SELECT * FROM encounters' }, analyst);
    const rows = await admin.rows<{ actor: string; actor_roles: string[]; action: string; outcome: string; purpose: string; task_id: string; request_id: string; details: Record<string, unknown> }>(
      "SELECT actor, actor_roles, action, outcome, purpose, task_id, request_id, details FROM medcor_audit.audit_log WHERE actor = 'ana.lyst' ORDER BY id");
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ['sql_query', 'ok'], ['sql_query', 'ok'], ['sql_query', 'refused'], ['describe_table', 'ok'], ['list_tables', 'ok'], ['explain_query', 'ok'],
    ]);
    expect(rows[0]).toMatchObject({ actor_roles: ['analyst'], purpose: 'reporting', task_id: 'task-7', request_id: 'req-audit-1',
      details: { database: 'medcor_db2', routing: 'inline', row_count: 3, fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) } });
    // Same statement with other literals: same fingerprint, and the literal itself is not stored.
    expect(rows[1].details.fingerprint).toBe(rows[0].details.fingerprint);
    expect(JSON.stringify(rows)).not.toContain("'IL'");
    expect(rows[2].details).toMatchObject({ rule: 'data_modification' });
  });

  it('refuses an asserted caller without a database role, audited, and records a call without identity as anonymous', async () => {
    const { registry, admin } = fixture();
    const [{ last }] = await admin.rows<{ last: string }>('SELECT coalesce(max(id), 0)::text AS last FROM medcor_audit.audit_log');
    const error = await rejection(callTool(registry, 'sql_query', { sql: 'SELECT 1' }, { userId: 'no.role', roles: [] }));
    expect(error.code).toBe(ToolErrorCode.Forbidden);
    expect(error.message).toMatch(/analyst.*clinician.*admin|clinician.*analyst/);
    await callTool(registry, 'sql_query', { sql: 'SELECT 42 AS answer' });
    const rows = await admin.rows<{ actor: string; outcome: string }>(
      "SELECT actor, outcome FROM medcor_audit.audit_log WHERE id > $1::bigint AND action = 'sql_query' ORDER BY id", [last]);
    expect(rows).toEqual([{ actor: 'no.role', outcome: 'refused' }, { actor: 'anonymous', outcome: 'ok' }]);
  });
}
