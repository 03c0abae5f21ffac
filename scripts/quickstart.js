#!/usr/bin/env node
/**
 * `npm start`: one command to a working system on embedded defaults. Makes sure Redis answers
 * (starts a local redis-server when one is installed, else says how to get one), brings dist/ up
 * to date (scripts/build-dist.js: only what changed, transpiled; nothing when current), then runs
 * the medcor-tools MCP server (embedded PGlite demo database unless DATABASE_URL is set) and the
 * service with APP_ROLE=all, side by side. On a first start the 10,000-patient demo database is
 * made once, into the git-ignored .medcor/pglite, which later starts open as it is: restored from
 * its stored snapshot (assets/pglite/demo-*.tar.br, src/mcp-server/db/demo-snapshot.ts) when one
 * matches, built otherwise. The builder starts right after the (swc) transpile, the rest loads
 * beside it, and the tools server waits for its result. Ctrl-C stops all. Secrets not
 * set in the environment (JWT_SECRET, PHI_ENCRYPTION_KEY, MCP_INTERNAL_SECRET) come from the
 * checkout's git-ignored .medcor/dev-secrets.env, made at random on the first run
 * (scripts/dev-secrets.js).
 */
const { fork, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { buildDist } = require('./build-dist');
const devSecrets = require('./dev-secrets');

const root = path.resolve(__dirname, '..');
const env = { ...process.env };
const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
const redisUrl = new URL(env.REDIS_URL || env.CELERY_BROKER_URL || 'redis://localhost:6379/0');

function log(message) {
  process.stdout.write(`[quickstart] ${message}\n`);
}

function reachable(host, port) {
  return new Promise((resolve) => {
    // Every address of the name (localhost may resolve to ::1 first while Redis listens on 127.0.0.1).
    const socket = net.connect({ host, port: Number(port), timeout: 1000, autoSelectFamily: true });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

async function ensureRedis() {
  const host = redisUrl.hostname || 'localhost';
  const port = redisUrl.port || '6379';
  if (await reachable(host, port)) return;
  const local = ['localhost', '127.0.0.1'].includes(host);
  const hasServer = spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status === 0;
  if (local && hasServer) {
    log(`no Redis at ${host}:${port}; starting a local redis-server`);
    spawnSync('redis-server', ['--daemonize', 'yes', '--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'inherit' });
    for (let i = 0; i < 20; i++) {
      if (await reachable(host, port)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  process.stderr.write(
    `No Redis answers at ${host}:${port} (REDIS_URL).\n` +
      'Install and start one, e.g. `apt-get install redis-server && redis-server --daemonize yes`,\n' +
      'or `docker run -p 6379:6379 redis:7`, or point REDIS_URL at an existing server.\n',
  );
  process.exit(1);
}

/** Transpiles what changed; `only` limits it to directories under src/. */
function build(only) {
  const began = performance.now();
  let count;
  try {
    count = buildDist(only);
  } catch (error) {
    process.stderr.write(`The build failed: ${error.message}\n`);
    process.exit(1);
  }
  if (count > 0) log(`dist/: ${count} file(s) transpiled in ${Math.round(performance.now() - began)} ms`);
}

/** Polls the health summary until MCP is available, then says how long the start took. */
async function announceReady(port, children) {
  while (performance.now() - started < 120_000 && children.every((c) => c.exitCode === null && c.signalCode === null)) {
    const health = await fetch(`http://127.0.0.1:${port}/api/ai/health/`, { signal: AbortSignal.timeout(1000) })
      .then((r) => r.json())
      .catch(() => undefined);
    if (health?.mcp_available) return log(`ready in ${seconds()} s (health: ${health.status}, MCP available)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * First start: starts the demo builder (embedded-database-builder.js --ensure) before anything
 * else loads, so the longest step (restoring the stored demo, ~1-2 s; or, without one, the stored
 * cluster then the load, ~7.5 s alone) runs while the tools server and the service load beside it. `claimed` settles once it has started the build
 * or ended (a failed builder is reported; the tools server then builds the database itself).
 */
function startDemoBuild(toolsEnv) {
  log(`first start: the demo database (${env.DEMO_PATIENTS || 10000} patients) is made once into ${path.relative(root, env.PGLITE_DATA_DIR) || env.PGLITE_DATA_DIR} (restored from its stored snapshot when one matches, else built)`);
  const began = performance.now();
  const child = fork(path.join(root, 'dist/mcp-server/db/embedded-database-builder.js'), ['--ensure'], { cwd: root, env: toolsEnv, stdio: 'inherit' });
  const claimed = new Promise((resolve) => {
    child.on('message', (message) => message?.building && resolve());
    child.once('exit', (code, signal) => {
      if (code === 0) log(`demo database ready in ${((performance.now() - began) / 1000).toFixed(1)} s`);
      else log(`the demo database build stopped (${signal ?? `exit ${code}`}); the tools server tries again`);
      resolve();
    });
  });
  return { child, claimed };
}

/**
 * While the builder runs (the first start's critical path), the service and the tools server load
 * at a lower CPU priority so that they take the core it does not use; their priority is given back
 * when it ends (only a privileged user may raise it back: otherwise they stay a little lower,
 * which only matters beside other busy processes).
 */
function yieldTo(builder, others) {
  const set = (value) =>
    others.forEach((c) => {
      try {
        os.setPriority(c.pid, value);
      } catch {
        // gone, or not allowed
      }
    });
  if (builder.child.exitCode !== null) return;
  set(10);
  builder.child.once('exit', () => set(0));
}

async function main() {
  await ensureRedis();
  const secrets = devSecrets.ensure();
  for (const [name, value] of Object.entries(secrets)) if (!env[name]) env[name] = value;
  const mcpPort = env.MCP_PORT || '8001';
  env.MCP_SERVER_URL = env.MCP_SERVER_URL || `http://127.0.0.1:${mcpPort}`;
  const embedded = !env.DATABASE_URL && !env.DATABASES;
  // The demo database is made once and kept (git-ignored) for later starts.
  if (embedded && !env.PGLITE_DATA_DIR) env.PGLITE_DATA_DIR = path.join(root, '.medcor', 'pglite');
  // glibc keeps freed memory per thread (the PGlite worker's file reads churn through it): two
  // arenas and a fixed trim threshold keep the tools server ~30-50 MB smaller after heavy queries.
  const malloc = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' };
  // V8's young generation: 2 MB semi-spaces instead of 16 keep the tools server ~25 MB smaller after
  // the same queries (its JS only relays rows; measured 257-267 MB vs 269-300 on the 10,000-patient
  // demo), at the cost of more, shorter scavenges.
  const toolsNodeFlags = ['--max-semi-space-size=2'];
  const toolsEnv = { ...malloc, ...env, MCP_PORT: mcpPort, MCP_HOST: env.MCP_HOST || '127.0.0.1' };
  build();
  const builder = embedded && !fs.existsSync(path.join(env.PGLITE_DATA_DIR, 'medcor-demo.json')) ? startDemoBuild(toolsEnv) : undefined;
  const children = [spawn(process.execPath, ['dist/main.js'], { cwd: root, env: { ...env, APP_ROLE: env.APP_ROLE || 'all' }, stdio: 'inherit' })];
  // The tools server starts once the builder has claimed the build (it then waits for it).
  if (builder) await builder.claimed;
  children.push(spawn(process.execPath, [...toolsNodeFlags, 'dist/mcp-server/main.js'], { cwd: root, env: toolsEnv, stdio: 'inherit' }));
  if (builder) yieldTo(builder, children);
  log(`API on http://localhost:${env.PORT || 8000} (Swagger UI at /api/docs), MCP tools server on :${mcpPort}`);
  log(`development secrets: ${path.relative(root, devSecrets.FILE)} (git-ignored; npm run token signs with it)`);
  log('a development token: npm run token -- --sub alice --roles clinician');
  const stop = (signal) => [...children, builder?.child].forEach((c) => c && c.exitCode === null && c.kill(signal));
  process.on('SIGINT', () => stop('SIGTERM'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  children.forEach((c) =>
    c.on('exit', (code) => {
      if (code && code !== 0) {
        stop('SIGTERM');
        process.exitCode = code;
      }
    }),
  );
  await announceReady(env.PORT || 8000, children);
}

void main();
