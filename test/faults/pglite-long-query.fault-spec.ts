/**
 * The built tools server (dist/mcp-server/main.js) with its embedded PGlite, hit by a query that
 * would run for minutes: the process keeps answering /health and other sessions while it runs,
 * stops it at SQL_STATEMENT_TIMEOUT_MS by restarting its database worker, serves the next query
 * from the same data, and shuts down cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { freePort, sleep } from './fault-harness';

const ROOT = path.join(__dirname, '../..');
const HEAVY = 'SELECT count(*) FROM generate_series(1, 200000000)';

async function waitForHealth(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`medcor-tools exited with ${child.exitCode}: ${stderr()}`);
    const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`medcor-tools did not start: ${stderr()}`);
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: 'pglite-fault', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
  return client;
}

const textOf = (result: Awaited<ReturnType<Client['callTool']>>): string => JSON.stringify(result.content);

describe('medcor-tools with the embedded database under a query that would run for minutes', () => {
  let child: ChildProcess;
  let url: string;
  let stderr = '';

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [path.join(ROOT, 'dist/mcp-server/main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        NODE_ENV: 'test',
        MCP_PORT: String(port),
        MCP_HOST: '127.0.0.1',
        DATABASE_URL: '',
        DATABASES: '',
        PGLITE_DATA_DIR: '',
        DEMO_PATIENTS: '200',
        SQL_STATEMENT_TIMEOUT_MS: '3000',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    await waitForHealth(url, child, () => stderr);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('stays responsive, stops the query at its timeout, recovers, and shuts down cleanly', async () => {
    const heavyClient = await connect(url);
    const other = await connect(url);
    const started = Date.now();
    const heavy = heavyClient.callTool({ name: 'sql_query', arguments: { sql: HEAVY } });
    await sleep(300);

    const health: number[] = [];
    while (Date.now() - started < 2500) {
      const t = performance.now();
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
      expect(res.status).toBe(200);
      health.push(Math.round(performance.now() - t));
      await sleep(100);
    }
    const tools = await other.listTools();
    console.log(`/health while PGlite runs a heavy query: max ${Math.max(...health)} ms over ${health.length} probes`);
    expect(Math.max(...health)).toBeLessThan(1000);
    expect(tools.tools.map((t) => t.name)).toContain('sql_query');

    const stopped = await heavy;
    const stoppedAfter = Date.now() - started;
    console.log(`heavy query answered after ${stoppedAfter} ms (limit 3000 ms)`);
    expect(stopped.isError).toBe(true);
    expect(textOf(stopped)).toMatch(/3000 ms statement timeout/);
    // Stopped by its timeout, not left running for minutes: the margin absorbs a loaded CI machine
    // (5.3 s was seen with two other suites running), the message above says which limit fired.
    expect(stoppedAfter).toBeLessThan(9000);

    const next = await other.callTool({ name: 'sql_query', arguments: { sql: 'SELECT count(*)::int AS n FROM patients' } });
    expect(next.isError).toBeFalsy();
    expect(next.structuredContent).toMatchObject({ rows: [[200]] });
    await Promise.all([heavyClient.close(), other.close()]);

    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
