import type { DatabaseRegistry } from '../db/database-registry';
import type { SqlEngine, TransactionOptions } from '../db/sql-engine';
import { AGENT_SQL_TOOLS } from '../../shared/policy';
import { databaseTools } from './database-tools';
import { auditedSqlRequest as sut } from './sql-audit';
import { ToolErrorCode, type ToolActor, type ToolCallContext } from './tool-definition';

/** A registry whose one engine records audit inserts, or fails them. */
function registry(auditFails = false): { registry: DatabaseRegistry; inserts: unknown[][] } {
  const inserts: unknown[][] = [];
  const engine = {
    name: 'medcor_db2',
    transaction: async (options: TransactionOptions, fn: (s: { query: (sql: string, params?: unknown[]) => Promise<unknown> }) => Promise<unknown>) => {
      if (options.role !== 'auditor') throw new Error(`unexpected role ${options.role}`);
      if (auditFails) throw Object.assign(new Error('connection refused'), { code: '08006' });
      return fn({ query: async (_sql, params) => (inserts.push([...(params ?? [])]), { fields: [], rows: [] }) });
    },
  } as unknown as SqlEngine;
  return {
    inserts,
    registry: { defaultName: 'medcor_db2', statementTimeoutMs: 1000, get: () => engine } as unknown as DatabaseRegistry,
  };
}

const ctx = (actor?: ToolActor): ToolCallContext => ({ signal: new AbortController().signal, progress: async () => undefined, actor });

describe('auditedSqlRequest', () => {
  it('guards the same tools the gateway offers only to database roles (AGENT_SQL_TOOLS): every database tool but list_databases', () => {
    // list_databases touches no database; a new tool reading one must be in the gateway's list too.
    const reading = databaseTools(registry().registry).filter((tool) => tool.audience === 'agent' && tool.name !== 'list_databases');
    expect(reading.map((tool) => tool.name).sort()).toEqual([...AGENT_SQL_TOOLS].sort());
  });

  it('withholds the rows when the read cannot be audited', async () => {
    const { registry: failing } = registry(true);
    const run = jest.fn(async () => ({ output: 'rows', rowCount: 3 }));
    await expect(sut(failing, ctx(), { action: 'sql_query', database: 'medcor_db2', sql: 'SELECT 1' }, run)).rejects.toMatchObject({ code: ToolErrorCode.Unavailable });
    expect(run).toHaveBeenCalled();
  });

  it('refuses an asserted caller without a database role before running anything, and audits the refusal', async () => {
    const { registry: ok, inserts } = registry();
    const run = jest.fn(async () => ({ output: 'rows', rowCount: 3 }));
    await expect(sut(ok, ctx({ userId: 'bob', roles: ['auditor'] }), { action: 'list_tables', database: 'medcor_db2' }, run))
      .rejects.toMatchObject({ code: ToolErrorCode.Forbidden, message: expect.stringContaining('analyst') });
    expect(run).not.toHaveBeenCalled();
    expect(inserts).toEqual([['bob', ['auditor'], 'list_tables', null, null, 'refused', null, expect.any(String)]]);
  });

  it('records the fingerprint of the statement, never its text', async () => {
    const { registry: ok, inserts } = registry();
    await sut(ok, ctx(), { action: 'sql_query', database: 'medcor_db2', sql: "SELECT * FROM patients WHERE zip3 = '627'" }, async () => ({ output: 1, rowCount: 1 }));
    expect(inserts[0][0]).toBe('anonymous');
    const details = JSON.parse(String(inserts[0][7])) as Record<string, unknown>;
    expect(details).toMatchObject({ database: 'medcor_db2', row_count: 1, fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(String(inserts[0][7])).not.toContain('627');
  });
});
