/**
 * What `npm start` runs, from the quick start's own build (scripts/build-dist.js: swc, where the
 * rest of the suite and the image run tsc's output): the demo builder started first
 * (`embedded-database-builder.js --ensure`), a tools server started while it builds, which waits
 * for that build instead of making its own, and the service, which answers a SQL request through
 * them. A transpiler difference that breaks Nest's injection, a lost named export of a module we
 * import() or a second build of the demo shows here.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import request from 'supertest';
import { freePort, spawnBuilt, startAppProcess, type AppProcess, type NodeProcess } from '../helpers/app-process';
import { REDIS_URL, deleteKeys, signToken } from '../helpers/test-app';
import { until } from '../helpers/until';

const { buildDist } = require('../../scripts/build-dist.js') as { buildDist: (only: undefined, dist: string) => number };

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '../..');
// Inside the checkout, so that the build resolves node_modules as dist/ does; git-ignored.
const DIST = path.join(ROOT, '.medcor', `quickstart-build-${process.pid}`);
const INTERNAL_SECRET = 'quickstart-build-internal-secret-0123456789';

describe('the quick start build (swc) runs the demo builder, the tools server and the service', () => {
  const prefix = `t${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  let work: string;
  let builder: ChildProcess;
  let tools: NodeProcess;
  let app: AppProcess;
  let built: { setup?: { created: boolean; rowCounts: Record<string, number> } } = {};
  let builderExit: Promise<number | null>;

  beforeAll(async () => {
    expect(buildDist(undefined, DIST)).toBeGreaterThan(100);
    work = mkdtempSync(path.join(tmpdir(), 'medcor-quickstart-'));
    const dataDir = path.join(work, 'pglite');
    const mcpPort = await freePort();
    const env = { PATH: process.env.PATH ?? '', PGLITE_DATA_DIR: dataDir, DEMO_PATIENTS: '300', MCP_INTERNAL_SECRET: INTERNAL_SECRET };

    builder = fork(path.join(DIST, 'mcp-server/db/embedded-database-builder.js'), ['--ensure'], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const claimed = new Promise<void>((resolve) => builder.on('message', (m: { building?: boolean; setup?: typeof built.setup }) => (m.building ? resolve() : (built = m))));
    builderExit = new Promise((resolve) => builder.once('exit', (code) => resolve(code)));
    await claimed;
    tools = await spawnBuilt('mcp-server/main.js', { ...env, MCP_PORT: String(mcpPort), MCP_HOST: '127.0.0.1' }, DIST);
    await tools.waitForLine(/medcor-tools ready/, 180_000);
    app = await startAppProcess(
      { APP_ROLE: 'all', REDIS_URL, REDIS_KEY_PREFIX: prefix, MCP_SERVER_URL: `http://127.0.0.1:${mcpPort}`, MCP_INTERNAL_SECRET: INTERNAL_SECRET },
      DIST,
    );
  });

  afterAll(async () => {
    await app?.stop();
    if (tools && tools.child.exitCode === null) tools.child.kill('SIGKILL');
    await tools?.exited;
    if (builder && builder.exitCode === null) builder.kill('SIGKILL');
    const redis = new Redis(REDIS_URL);
    await deleteKeys(redis, prefix);
    await redis.quit();
    rmSync(DIST, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('built the demo database once, in the builder; the tools server waited and opened it', async () => {
    expect(await builderExit).toBe(0);
    expect(built.setup).toMatchObject({ created: true, rowCounts: { patients: 300 } });
    const ready = JSON.parse(await tools.waitForLine(/medcor-tools ready/)) as { embedded?: string };
    expect(ready.embedded).toBe('demo database opened');
    expect(readdirSync(work)).toEqual(['pglite']);
    expect(existsSync(path.join(work, 'pglite', 'medcor-demo.json'))).toBe(true);
  });

  it('serves health with MCP available, a SQL request inline and one as a background task', async () => {
    await until(async () => (await request(app.url).get('/api/ai/health/')).body.mcp_available === true, 30_000);
    const token = signToken('quickstart-user', ['analyst']);
    const sql = (query: string) => request(app.url).post('/api/ai/database/').set('authorization', `Bearer ${token}`).send({ query });

    const inline = await sql('SELECT department_id FROM departments ORDER BY department_id LIMIT 2');
    expect(inline.status).toBe(200);
    expect(inline.body).toMatchObject({ success: true, database: 'medcor_db2', rows: [[1], [2]] });

    const queued = await sql('SELECT count(*) AS n FROM departments');
    expect(queued.status).toBe(202);
    let task: { status?: string; result?: { rows?: unknown[][] } } = {};
    await until(async () => {
      task = (await request(app.url).get(`/api/ai/task/${queued.body.task_id}/status/`).set('authorization', `Bearer ${token}`)).body;
      return task.status === 'SUCCESS' || task.status === 'FAILURE';
    }, 60_000);
    expect(task.status).toBe('SUCCESS');
    expect(Number(task.result?.rows?.[0][0])).toBeGreaterThan(0);
  });
});
