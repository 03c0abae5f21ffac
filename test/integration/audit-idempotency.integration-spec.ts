/**
 * Audit rows on retries: the same event of the same task run is one row however often its write
 * is delivered (a write retried after a lost answer, a step repeated), while a later run that
 * reads the record again is a real read and gets its own row. Real PostgreSQL, the real tools
 * server and the gateway's own MCP client; only the "lost answer" is simulated.
 */
import { Client as PgClient } from 'pg';
import { AppError, ErrorCode } from '../../src/core/errors';
import type { McpCallOptions, McpClient } from '../../src/core/mcp/mcp-client';
import { SdkMcpClient } from '../../src/core/mcp/sdk-mcp-client';
import { createDatabaseRegistry, type DatabaseRegistry } from '../../src/mcp-server/db/database-registry';
import { buildTools } from '../../src/mcp-server/tools';
import { AuditAction, type AuditEntry, MedicalAuditService } from '../../src/medical/medical-audit.service';
import { randomInternalSecret, startToolsServer, type StartedToolsServer } from '../helpers/mcp-tools-server';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const TOKEN = 'audit-idempotency-token-0123456789';
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

let database: TestDatabase;
let registry: DatabaseRegistry;
let server: StartedToolsServer;
let db: PgClient;
let gateway: SdkMcpClient;

beforeAll(async () => {
  database = await createTestDatabase(5);
  registry = await createDatabaseRegistry({ databaseUrl: database.url });
  const secret = randomInternalSecret();
  server = await startToolsServer({ tools: buildTools({ registry }), token: TOKEN, internalSecret: secret });
  gateway = new SdkMcpClient({ servers: { medcor: { url: server.url, token: TOKEN, internalSecret: secret } }, timeoutMs: 5000, logger: quiet });
  await gateway.start();
  db = new PgClient({ connectionString: database.url });
  await db.connect();
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await db?.end();
  await server?.close();
  await registry?.close();
  await database?.drop();
});

/** Delivers every call, but loses the answer of the first `lost` ones, as a timeout would. */
function losingAnswers(lost: number): McpClient {
  let calls = 0;
  return {
    callTool: async (name: string, args: Record<string, unknown>, options?: McpCallOptions) => {
      const result = await gateway.callTool(name, args, options);
      calls += 1;
      if (calls <= lost) throw new AppError(ErrorCode.Timeout, 'The tool call timed out', { transient: true });
      return result;
    },
  } as unknown as McpClient;
}

const rowsOf = async (taskId: string) =>
  (await db.query<{ action: string; outcome: string }>('SELECT action, outcome FROM medcor_audit.audit_log WHERE task_id = $1 ORDER BY id', [taskId])).rows;

const entry = (taskId: string, run: string): AuditEntry => ({
  actor: 'dr.idem',
  actorRoles: ['clinician'],
  action: AuditAction.PatientRecordRead,
  outcome: 'success',
  patientId: 1,
  purpose: 'diagnosis',
  taskId,
  run,
});

describe('audit rows on retries', () => {
  it('writes one row when the answer to the first write is lost and the write is sent again', async () => {
    const taskId = `task-lost-${Date.now()}`;
    await new MedicalAuditService(losingAnswers(1)).append(entry(taskId, '1.1000'));
    expect(await rowsOf(taskId)).toEqual([{ action: 'patient_record_read', outcome: 'success' }]);
  });

  it('writes one row when the same audited step of the same run is repeated', async () => {
    const taskId = `task-repeat-${Date.now()}`;
    const audit = new MedicalAuditService(gateway);
    await audit.append(entry(taskId, '1.2000'));
    await audit.append(entry(taskId, '1.2000'));
    expect(await rowsOf(taskId)).toHaveLength(1);
  });

  it('records a re-read by a later run (retry or hand-back) as its own row, and each outcome of a run', async () => {
    const taskId = `task-runs-${Date.now()}`;
    const audit = new MedicalAuditService(gateway);
    await audit.append(entry(taskId, '1.3000'));
    await audit.append(entry(taskId, '1.3500'));
    await audit.append({ ...entry(taskId, '1.3500'), action: AuditAction.MedicalAnalysis, outcome: 'failure' });
    expect(await rowsOf(taskId)).toEqual([
      { action: 'patient_record_read', outcome: 'success' },
      { action: 'patient_record_read', outcome: 'success' },
      { action: 'medical_analysis', outcome: 'failure' },
    ]);
  });

  it('keeps every row written outside a task run (no key)', async () => {
    const actor = `dr.nokey.${Date.now()}`;
    const audit = new MedicalAuditService(gateway);
    const refusal: AuditEntry = { actor, actorRoles: ['clinician'], action: AuditAction.PatientAccess, outcome: 'denied', patientId: 1 };
    await audit.append(refusal);
    await audit.append(refusal);
    const rows = await db.query('SELECT idempotency_key FROM medcor_audit.audit_log WHERE actor = $1', [actor]);
    expect(rows.rows).toEqual([{ idempotency_key: null }, { idempotency_key: null }]);
  });
});
