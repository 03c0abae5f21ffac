/**
 * The medcor-tools entry point (dist/mcp-server/main.js) as a real process: what it refuses to
 * start with, and where it listens by default. Only a process shows the exit code and the
 * socket it actually bound.
 */
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { freePort, spawnBuilt, type NodeProcess } from '../helpers/app-process';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const SECRET = 'an-internal-secret-of-at-least-32-chars';
const running: NodeProcess[] = [];

afterEach(async () => {
  for (const proc of running.splice(0)) {
    if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
    await proc.exited;
  }
});

async function tools(env: Record<string, string>): Promise<NodeProcess> {
  const proc = await spawnBuilt('mcp-server/main.js', env);
  running.push(proc);
  return proc;
}

/** The exit code, or 'listening' if it started instead of refusing. */
function outcome(proc: NodeProcess): Promise<number | string> {
  return Promise.race([proc.exited, proc.waitForLine(/medcor-tools listening/, 60_000).then(() => 'listening')]);
}

/** Resolves true when a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe('medcor-tools start-up', () => {
  it('refuses to start in production without MCP_SERVER_TOKEN, naming it', async () => {
    const proc = await tools({ NODE_ENV: 'production', MCP_PORT: String(await freePort()), MCP_INTERNAL_SECRET: SECRET });
    expect(await outcome(proc)).toBe(1);
    expect(proc.output.join('\n')).toMatch(/MCP_SERVER_TOKEN must be set in production/);
  }, 240_000);

  it('refuses to listen on 0.0.0.0 without MCP_SERVER_TOKEN whatever NODE_ENV says', async () => {
    const proc = await tools({ MCP_HOST: '0.0.0.0', MCP_PORT: String(await freePort()) });
    expect(await outcome(proc)).toBe(1);
    expect(proc.output.join('\n')).toMatch(/MCP_SERVER_TOKEN is required to listen on 0\.0\.0\.0/);
  }, 240_000);

  describe('with a database', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(10);
    }, 120_000);
    afterAll(async () => {
      await database?.drop();
    });

    it('listens on loopback only when MCP_HOST is not set', async () => {
      const port = await freePort();
      const proc = await tools({ NODE_ENV: 'development', MCP_PORT: String(port), DATABASE_URL: database.url });
      const line = await proc.waitForLine(/medcor-tools listening/, 60_000);
      expect(JSON.parse(line)).toMatchObject({ url: `http://127.0.0.1:${port}/mcp` });
      expect(await accepts('127.0.0.1', port)).toBe(true);
      const external = Object.values(networkInterfaces()).flat().filter((a) => a && !a.internal && a.family === 'IPv4');
      for (const address of external) expect(await accepts(address!.address, port)).toBe(false);
    }, 240_000);
  });
});
