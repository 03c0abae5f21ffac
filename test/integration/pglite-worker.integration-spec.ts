/**
 * The embedded database off the event loop: the tools server, in-process, with the real PGlite
 * registry (worker thread, on-disk data directory). While a heavy statement runs, /health and a
 * second MCP session answer; the statement timeout and the caller's AbortSignal stop it (the
 * worker is terminated and reopened) and the next query works; callers behind it wait a bounded
 * time. Bounds are generous (no flakes on a shared VM); the measured figures are printed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createDatabaseRegistry, type DatabaseRegistry } from '../../src/mcp-server/db/database-registry';
import { PgliteSqlEngine } from '../../src/mcp-server/db/pglite-sql-engine';
import { runReadOnlyQuery } from '../../src/mcp-server/db/read-only-query';
import { databaseTools } from '../../src/mcp-server/tools/database-tools';
import { patientTools } from '../../src/mcp-server/tools/patient-tools';
import { ToolErrorCode } from '../../src/mcp-server/tools/tool-definition';
import { toolError } from '../helpers/tool-error';
import { startToolsServer, type StartedToolsServer } from '../helpers/mcp-tools-server';
import { ASSERTION_META_KEY, signCallAssertion } from '../../src/shared/mcp-assertion';

const HEAVY = 'SELECT count(*) FROM generate_series(1, 200000000)';
const PATIENTS = 50;

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: 'pglite-worker-spec', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

/** Waits until the engine is idle again (a restart reopening, an audit row being written). */
async function settled(engine: PgliteSqlEngine): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await runReadOnlyQuery(engine, 'SELECT 1', { rowCap: 1 }).then(() => true, () => false);
    if (ok && engine.stats().queued === 0) return;
    if (Date.now() > deadline) throw new Error('the PGlite engine did not settle within 20 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: Math.round(performance.now() - started) };
}

describe('PGlite in a worker thread', () => {
  let registry: DatabaseRegistry;
  let engine: PgliteSqlEngine;
  let server: StartedToolsServer;

  let dataDir: string;
  const options = () => ({ demoPatients: PATIENTS, statementTimeoutMs: 4000, queueTimeoutMs: 500, dataDir: path.join(dataDir, 'pglite') });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'pglite-worker-spec-'));
    registry = await createDatabaseRegistry(options());
    engine = registry.get('medcor_db2') as PgliteSqlEngine;
    server = await startToolsServer({ tools: [...databaseTools(registry), ...patientTools(registry)] });
  }, 120_000);
  // A stopped statement is audited behind its answer, once the worker has reopened: each test
  // starts from an idle engine.
  beforeEach(() => settled(engine), 30_000);
  afterAll(async () => {
    await server?.close();
    await registry?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 30_000);

  // The SQL tools need the gateway's signed identity on a server that can verify one.
  const asAnalyst = (name: string, args: Record<string, unknown>) => ({
    name,
    arguments: args,
    _meta: { [ASSERTION_META_KEY]: signCallAssertion(server.internalSecret, { actor: { userId: 'analyst-1', roles: ['analyst'] }, tool: name, args }) },
  });

  const patients = async (): Promise<unknown> => {
    await settled(engine);
    return (await runReadOnlyQuery(engine, 'SELECT count(*)::int FROM patients', { rowCap: 1 })).rows[0][0];
  };

  it('answers /health and another MCP session while a heavy query runs, then times the query out', async () => {
    const slow = await connect(server.url);
    const other = await connect(server.url);
    try {
      const heavy = slow.callTool(asAnalyst('sql_query', { sql: HEAVY }));
      await new Promise((r) => setTimeout(r, 300));
      const health: number[] = [];
      for (let i = 0; i < 5; i++) {
        const probe = await timed(() => fetch(`${server.baseUrl}/health`));
        expect(probe.value.status).toBe(200);
        health.push(probe.ms);
        await new Promise((r) => setTimeout(r, 200));
      }
      const listed = await timed(() => other.callTool({ name: 'list_databases', arguments: {} }));
      console.log(`/health during a heavy PGlite query: ${health.join(', ')} ms; list_databases in ${listed.ms} ms`);
      expect(Math.max(...health)).toBeLessThan(1000);
      expect(listed.value.isError).toBeFalsy();
      expect(listed.ms).toBeLessThan(1000);

      const result = await heavy;
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(/4000 ms statement timeout/);
    } finally {
      await Promise.all([slow.close(), other.close()]);
    }
    expect(await patients()).toBe(PATIENTS);
  });

  it('stops a statement within a second of SQL_STATEMENT_TIMEOUT_MS and the next query works', async () => {
    const { value: error, ms } = await timed(() => toolError(runReadOnlyQuery(engine, HEAVY, { rowCap: 1, statementTimeoutMs: 1000 })));
    console.log(`PGlite statement stopped after ${ms} ms (limit 1000 ms)`);
    expect(error.code).toBe(ToolErrorCode.Timeout);
    expect(ms).toBeLessThan(2000);
    const next = await timed(patients);
    console.log(`next query after the restart: ${next.ms} ms (worker reopened the data directory in ${engine.stats().openMs} ms)`);
    expect(next.value).toBe(PATIENTS);
  });

  it('stops a statement when the caller aborts, and the next query works', async () => {
    const controller = new AbortController();
    const pending = toolError(runReadOnlyQuery(engine, HEAVY, { rowCap: 1, statementTimeoutMs: 60_000, signal: controller.signal }));
    await new Promise((r) => setTimeout(r, 500));
    const { value: error, ms } = await timed(async () => {
      controller.abort();
      return pending;
    });
    console.log(`PGlite statement cancelled ${ms} ms after the abort`);
    expect(error).toMatchObject({ code: ToolErrorCode.Timeout, message: 'The query was cancelled.' });
    expect(ms).toBeLessThan(1000);
    expect(await patients()).toBe(PATIENTS);
  });

  it('cancels the statement when the MCP caller cancels the tool call', async () => {
    const client = await connect(server.url);
    try {
      const controller = new AbortController();
      const call = client.callTool(asAnalyst('sql_query', { sql: HEAVY }), undefined, { signal: controller.signal }).catch((e: Error) => e);
      await new Promise((r) => setTimeout(r, 500));
      const restarts = engine.stats().restarts;
      const { ms } = await timed(async () => {
        controller.abort();
        while (engine.stats().restarts === restarts) await new Promise((r) => setTimeout(r, 20));
      });
      console.log(`MCP cancellation stopped the PGlite statement ${ms} ms after the abort`);
      // The statement timeout (4 s) would stop it only ~3.5 s later.
      expect(ms).toBeLessThan(1000);
      await call;
      // The tool audits the cancelled request after the restart: let that finish first.
      await settled(engine);
      expect(await patients()).toBe(PATIENTS);
    } finally {
      await client.close();
    }
  });

  it('refuses a caller that waited longer than the queue timeout behind a running query', async () => {
    await settled(engine);
    const heavy = toolError(runReadOnlyQuery(engine, HEAVY, { rowCap: 1, statementTimeoutMs: 2000 }));
    await new Promise((r) => setTimeout(r, 100));
    const { value: queued, ms } = await timed(() => toolError(runReadOnlyQuery(engine, 'SELECT 1', { rowCap: 1 })));
    expect(queued.code).toBe(ToolErrorCode.Unavailable);
    expect(queued.details).toMatchObject({ reason: 'queue_timeout', queue_timeout_ms: 500 });
    expect(ms).toBeLessThan(1500);
    expect((await heavy).code).toBe(ToolErrorCode.Timeout);
  });

  it('keeps committed audit rows across a worker restart (the data directory is on disk)', async () => {
    const tools = patientTools(registry);
    const append = tools.find((t) => t.name === 'audit_append')!;
    await settled(engine);
    await append.handler({ action: 'test.restart', outcome: 'success' } as never, {
      signal: new AbortController().signal,
      progress: async () => undefined,
      actor: { userId: 'dr.raman', roles: ['clinician'] },
    });
    await toolError(runReadOnlyQuery(engine, HEAVY, { rowCap: 1, statementTimeoutMs: 300 }));
    const [row] = await engine.admin().rows<{ n: number }>("SELECT count(*)::int AS n FROM medcor_audit.audit_log WHERE action = 'test.restart'");
    expect(row.n).toBe(1);
  });

  it('opens the stored database on the next start: no build, no load, its rows kept', async () => {
    expect(registry.embeddedSetup).toMatchObject({ created: true, dataLoaded: true });
    await settled(engine);
    await registry.close();
    registry = await createDatabaseRegistry(options());
    engine = registry.get('medcor_db2') as PgliteSqlEngine;
    expect(registry.embeddedSetup).toMatchObject({ created: false, dataLoaded: false, migrationsApplied: [], rowCounts: { patients: PATIENTS } });
    expect(await patients()).toBe(PATIENTS);
    const [row] = await engine.admin().rows<{ n: number }>("SELECT count(*)::int AS n FROM medcor_audit.audit_log WHERE action = 'test.restart'");
    expect(row.n).toBe(1);
  });
});
