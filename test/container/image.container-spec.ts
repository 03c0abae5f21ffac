/**
 * The image for real (issue 20 item 4), run by `npm run test:container` after
 * scripts/test-container.sh has built it with buildah: the tools server, an API and a worker as
 * separate containers (host network, read-only root, the image's non-root user, tmpfs /tmp), on
 * the host's Redis under a private key prefix and our fake OpenAI-compatible server started here.
 * Proves health and readiness, one task of each kind end to end, the image's HEALTHCHECK, and a
 * worker stopped (SIGTERM through tini) during a task handing it to another worker container.
 */
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { freePort } from '../helpers/app-process';
import { ADMIN_URL as PG_ADMIN_URL } from '../helpers/test-database';
import { signToken, TEST_SECRETS } from '../helpers/test-secrets';
import { lastUserMessageText, startFakeLlm, type FakeLlm, type FakeLlmRequest, type FakeLlmStaticStep } from '../fake-llm/fake-llm-server';
import { structuredAnswer } from '../helpers/structured-answers';
import { LIMITS, logsOf, podman, podmanOk, removeContainers, runContainer } from './podman';

/** Set by scripts/test-container.sh, which builds it; run by hand, point it at an image you built. */
const IMAGE = process.env.MEDCOR_TEST_IMAGE ?? 'localhost/medcor-ai:local';
const IMAGE_MAX_MB = Number(process.env.MEDCOR_TEST_IMAGE_MAX_MB ?? 300);
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const FINAL = new Set(['SUCCESS', 'FAILURE', 'CANCELLED']);
/** Marks the query whose first LLM call never answers, so its worker is stopped mid-task. */
const LONG_TASK = 'LONG-TASK: summarise the ward round';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

jest.setTimeout(300_000);

/** Structured answers by what the request asks for. */
function answer(request: FakeLlmRequest): FakeLlmStaticStep {
  return structuredAnswer(request, `Answered: ${lastUserMessageText(request).slice(0, 60)}`);
}

describe(`the image ${IMAGE} as separate containers`, () => {
  const run = randomBytes(4).toString('hex');
  const prefix = `medcor-ct-${run}`;
  const database = `medcor_ct_${run}`;
  const names = { mcp: `${prefix}-mcp`, api: `${prefix}-api`, worker: `${prefix}-worker`, successor: `${prefix}-worker2` };
  const started: string[] = [];
  const token = signToken('ct.clinician', ['clinician']);
  let llm: FakeLlm;
  let redis: Redis;
  let ports: { mcp: number; api: number; worker: number; successor: number };
  let longTaskCalls = 0;
  let common: Record<string, string>;

  const url = (port: number, path: string) => `http://127.0.0.1:${port}${path}`;
  const getJson = async (port: number, path: string) => {
    const res = await fetch(url(port, path), { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(url(ports.api, path), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  /** Waits until `path` answers 200 (a bound for start-up, not a timed assertion). */
  async function until200(name: string, port: number, path: string, boundMs = 120_000) {
    const deadline = Date.now() + boundMs;
    let last = 'no answer';
    while (Date.now() < deadline) {
      const state = await podman(['inspect', '--format', '{{.State.Status}}', name]);
      if (state.stdout !== 'running') throw new Error(`${name} is ${state.stdout}:\n${await logsOf(name)}`);
      try {
        const res = await fetch(url(port, path), { signal: AbortSignal.timeout(5000) });
        last = `${res.status} ${await res.text()}`;
        if (res.status === 200) return;
      } catch (error) {
        last = (error as Error).message;
      }
      await sleep(500);
    }
    throw new Error(`${name} ${path} not 200 within ${boundMs} ms (last: ${last}):\n${await logsOf(name)}`);
  }

  /** Polls the status route until the task is final. */
  async function finalTask(taskId: string, boundMs = 120_000) {
    const deadline = Date.now() + boundMs;
    for (;;) {
      const { status, body } = await getJson(ports.api, `/api/ai/task/${taskId}/status/`);
      expect(status).toBe(200);
      if (FINAL.has(body.status) || Date.now() > deadline) return body;
      await sleep(300);
    }
  }

  async function start(name: string, env: Record<string, string>) {
    started.push(name);
    await runContainer(name, IMAGE, { ...common, ...env });
  }

  beforeAll(async () => {
    ports = { mcp: await freePort(), api: await freePort(), worker: await freePort(), successor: await freePort() };
    llm = await startFakeLlm();
    llm.setDefault((request) => {
      if (lastUserMessageText(request).includes(LONG_TASK) && longTaskCalls++ === 0) return { hang: true };
      return answer(request);
    });
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
    await redis.connect();
    common = {
      ...TEST_SECRETS,
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      OPENAI_API_KEY: 'container-test-key',
      OPENAI_BASE_URL: llm.url,
      OPENAI_MODEL: 'gpt-4o-mini',
      OPENAI_TIMEOUT_MS: '120000',
      MCP_SERVER_URL: url(ports.mcp, ''),
      MCP_SERVER_TOKEN: randomBytes(24).toString('base64url'),
      MCP_INTERNAL_SECRET: randomBytes(32).toString('base64url'),
      SHUTDOWN_GRACE_SECONDS: '5',
      // Far past the waits below: the stopped worker's hand-back, not Bull's stalled check, must
      // be what moves the long task to the other worker.
      WORKER_STALLED_INTERVAL_MS: '60000',
    };
    // The tools server's embedded PGlite lives in the tmpfs /tmp; a small demo keeps start-up short.
    await start(names.mcp, { APP_ROLE: 'mcp-tools', MCP_PORT: String(ports.mcp), DEMO_PATIENTS: '200' });
    await start(names.api, { APP_ROLE: 'api', PORT: String(ports.api) });
    await start(names.worker, { APP_ROLE: 'worker', PORT: String(ports.worker) });
    await until200(names.mcp, ports.mcp, '/health');
    await until200(names.worker, ports.worker, '/api/ai/health/ready');
    await until200(names.api, ports.api, '/api/ai/health/ready');
  });

  afterAll(async () => {
    await removeContainers(started);
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).finally(() => admin.end());
    if (redis) {
      for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 })) {
        if ((keys as string[]).length) await redis.unlink(...(keys as string[]));
      }
      await redis.quit();
    }
    await llm?.close();
  });

  it(`is under ${IMAGE_MAX_MB} MB, keeps its HEALTHCHECK, and holds no npm, npm cache, logs or source maps`, async () => {
    const size = Number(await podmanOk(['image', 'inspect', '--format', '{{.Size}}', IMAGE]));
    expect(size / 1e6).toBeLessThan(IMAGE_MAX_MB);
    const healthcheck = JSON.parse(await podmanOk(['image', 'inspect', '--format', '{{json .Config.Healthcheck}}', IMAGE]));
    expect(healthcheck.Test).toEqual(['CMD', 'node', '/app/deploy/docker-healthcheck.js']);
    // Run as root only to be able to list /root; the entrypoint execs the arguments.
    const leftovers = await podmanOk(['run', '--rm', '--pull=never', ...LIMITS, '--user', '0', '--network', 'none', '--no-healthcheck', IMAGE,
      'sh', '-c', [
        'ls -A /tmp /var/tmp /var/log /var/lib/apt/lists', // one "dir:" header line each, nothing else
        'ls -A /root | grep -vx -e .bashrc -e .profile', // the base system's dot files only: no .npm, no .cache
        'ls -d /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/include 2>/dev/null',
        'find /app \\( -name "*.map" -o -name "*.d.ts" \\) ! -path "*/typescript/lib/*" | head -3',
      ].join('; ')]);
    expect(leftovers.split('\n').filter((l) => l && !/^\/[^:]*:$/.test(l))).toEqual([]);
  });

  it('runs every role read-only as the non-root user 10001, and each answers health and readiness', async () => {
    for (const name of [names.mcp, names.api, names.worker]) {
      expect(await podmanOk(['inspect', '--format', '{{.HostConfig.ReadonlyRootfs}} {{.Config.User}}', name])).toBe('true 10001:10001');
      expect(await podmanOk(['exec', name, 'id', '-u'])).toBe('10001');
      const write = await podman(['exec', name, 'sh', '-c', 'touch /app/written-at-run-time']);
      expect(write.code).not.toBe(0);
      expect(write.stderr).toMatch(/Read-only file system/);
    }
    const tools = await getJson(ports.mcp, '/health');
    expect(tools.body).toMatchObject({ status: 'ok' });
    expect(tools.body.tools).toBeGreaterThan(0);
    const health = await getJson(ports.api, '/api/ai/health/');
    expect(health.body).toMatchObject({ status: 'healthy', mcp_available: true, workers_available: true, redis_available: true, llm_available: true });
    for (const port of [ports.api, ports.worker]) {
      const ready = await getJson(port, '/api/ai/health/ready');
      expect(ready).toMatchObject({ status: 200, body: { status: 'ok', degraded: false } });
    }
  });

  it("passes the image's own HEALTHCHECK command in every role", async () => {
    for (const name of [names.mcp, names.api, names.worker]) {
      const check = await podman(['healthcheck', 'run', name]);
      expect({ name, code: check.code, stderr: check.stderr }).toEqual({ name, code: 0, stderr: '' });
    }
  });

  it('answers an inline query and inline SQL in the API container (LLM on the host, tools in their container)', async () => {
    const query = await post('/api/ai/query/', { query: 'What is a normal HbA1c?', query_type: 'general' });
    expect(query.status).toBe(200);
    expect(query.body).toMatchObject({ success: true, routing: { mode: 'inline' }, mcp_available: true });
    expect(query.body.response).toContain('Answered: What is a normal HbA1c?');
    const sql = await post('/api/ai/database/', { query: 'SELECT sex FROM patients LIMIT 3', database: 'medcor_db2' });
    expect(sql.status).toBe(200);
    expect(sql.body).toMatchObject({ success: true, columns: [{ name: 'sex' }], row_count: 3 });
  });

  it('serves Swagger UI with every script and style its page names (the prune keeps what it loads)', async () => {
    const page = await fetch(url(ports.api, '/api/docs'));
    expect(page.status).toBe(200);
    const html = await page.text();
    // Resolved as a browser would, against the page's own URL.
    const assets = [...html.matchAll(/(?:src|href)=["']([^"']+\.(?:js|css))["']/g)].map((m) => new URL(m[1], page.url));
    expect(assets.map((a) => a.pathname.split('/').pop())).toEqual(expect.arrayContaining(['swagger-ui-bundle.js', 'swagger-ui.css']));
    for (const asset of assets) {
      const res = await fetch(asset);
      expect({ asset: asset.pathname, status: res.status }).toEqual({ asset: asset.pathname, status: 200 });
      await res.arrayBuffer();
    }
  });

  it('runs one background task of each kind to SUCCESS in the worker container', async () => {
    const submitted = {
      query: await post('/api/ai/query/', { query: 'Background: what is a normal HbA1c?', query_type: 'general', use_celery: true }),
      medical: await post('/api/ai/medical/', { medical_data: 'Follow-up visit. BP 128/82, no complaints.', analysis_type: 'general' }),
      database: await post('/api/ai/database/', { query: 'SELECT sex, count(*) AS n FROM patients GROUP BY sex', database: 'medcor_db2' }),
      // The analysers the image prune must leave working: ESLint and TypeScript (against its
      // lib.*.d.ts files) for TypeScript, tree-sitter's WASM for Python.
      code: await post('/api/ai/code/', { code: 'export function add(a: number, b: number): number {\n  const c: number = "1";\n  return a + b + c;\n}\n', filename: 'add.ts' }),
      python: await post('/api/ai/code/', { code: 'def run(expr):\n    return eval(expr)\n', language: 'python' }),
    };
    for (const [kind, res] of Object.entries(submitted)) expect({ kind, status: res.status }).toEqual({ kind, status: 202 });
    const tasks: Record<string, any> = Object.fromEntries(await Promise.all(Object.entries(submitted).map(async ([kind, res]) => [kind, await finalTask(res.body.task_id)])));
    for (const [kind, task] of Object.entries(tasks)) expect({ kind, status: task.status, error: task.result?.error }).toEqual({ kind, status: 'SUCCESS', error: undefined });
    expect(JSON.stringify(tasks.query.result)).toContain('Answered: Background: what is a normal HbA1c?');
    expect(JSON.stringify(tasks.medical.result)).toContain('Stable blood pressure at follow-up.');
    expect(tasks.database.result).toMatchObject({ columns: [{ name: 'sex' }, { name: 'n' }] });
    expect(tasks.database.result.rows.length).toBeGreaterThan(0);
    expect(tasks.code.result).toMatchObject({ success: true, language: 'typescript', review: { status: 'done' } });
    const tsRules = (tasks.code.result.findings as { rule: string }[]).map((f) => f.rule);
    expect(tsRules).toContain('TS2322'); // string assigned to number: the checker ran
    expect(tsRules.filter((r) => r === 'TS2318' || r === 'TS6053')).toEqual([]); // its lib files were found
    expect(tasks.python.result).toMatchObject({ success: true, language: 'python', review: { status: 'done' } });
    expect(tasks.python.result.findings).toEqual([expect.objectContaining({ rule: 'python/code-injection', cwe: 'CWE-95' })]);
  });

  it('runs the db-setup one-shot (explicit arguments) against PostgreSQL: schema, roles and demo data', async () => {
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${database}`;
    const setup = await podman(['run', '--rm', '--pull=never', ...LIMITS, '--network', 'host', '--read-only', '--no-healthcheck',
      '-e', `DATABASE_URL=${url}`, '-e', 'DEMO_PATIENTS=50', IMAGE, 'node', 'dist/mcp-server/db/setup-cli.js'], 180_000);
    expect({ code: setup.code, stderr: setup.stderr }).toEqual({ code: 0, stderr: '' });
    expect(setup.stdout).toMatch(/\[medcor_db2\] database medcor_ct_\w+: created/);
    const pg = new Client({ connectionString: url.toString() });
    await pg.connect();
    try {
      const { rows } = await pg.query('SELECT count(*)::int AS n FROM reporting.patients');
      expect(rows[0].n).toBe(50);
    } finally {
      await pg.end();
    }
  });

  it('hands a running task to another worker container when its worker is stopped (SIGTERM); the task ends SUCCESS once', async () => {
    const accepted = await post('/api/ai/query/', { query: LONG_TASK, query_type: 'general', use_celery: true });
    expect(accepted.status).toBe(202);
    const id = accepted.body.task_id as string;
    const deadline = Date.now() + 60_000;
    while (longTaskCalls < 1 && Date.now() < deadline) await sleep(200);
    expect((await getJson(ports.api, `/api/ai/task/${id}/status/`)).body.status).toBe('PROGRESS');

    await start(names.successor, { APP_ROLE: 'worker', PORT: String(ports.successor) });
    await until200(names.successor, ports.successor, '/api/ai/health/ready');
    // podman stop sends SIGTERM to tini, which forwards it to node. The task outlasts the grace, so
    // the watchdog hands it back and exits 1 (as test/integration/shutdown.integration-spec.ts
    // expects; the handed-back run is parked, never settled, so Bull's close cannot end by itself);
    // 143 would be a shutdown that ended within the grace, 137 podman's SIGKILL at the 30 s stop
    // timeout, i.e. a shutdown that never ended.
    await podmanOk(['stop', '-t', '30', names.worker], 60_000);
    expect(await podmanOk(['inspect', '--format', '{{.State.ExitCode}}', names.worker])).toBe('1');

    const task = await finalTask(id);
    expect(task).toMatchObject({ status: 'SUCCESS', attempts: 1 });
    expect(JSON.stringify(task.result)).toContain(`Answered: ${LONG_TASK}`);
    expect(longTaskCalls).toBe(2);
    const statuses = (await redis.xrange(`${prefix}:task:${id}:events`, '-', '+')).map(([, fields]) => JSON.parse(fields[1]).status as string);
    expect(statuses.filter((s) => s === 'SUCCESS')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'FAILURE' || s === 'RETRY')).toEqual([]);
    // The stopped worker said it handed the job back (rather than the job being found stalled).
    expect(await logsOf(names.worker, 200)).toMatch(/Handed running jobs back to their queues/);
  });
});
