#!/usr/bin/env node
/**
 * `npm start`: one command to a working system on embedded defaults. Builds if needed, makes
 * sure Redis answers (starts a local redis-server when one is installed, else says how to get
 * one), then runs the medcor-tools MCP server (embedded PGlite demo database unless
 * DATABASE_URL is set) and the service with APP_ROLE=all. Ctrl-C stops both. Secrets not set in
 * the environment (JWT_SECRET, PHI_ENCRYPTION_KEY, MCP_INTERNAL_SECRET) come from the checkout's
 * git-ignored .medcor/dev-secrets.env, made at random on the first run (scripts/dev-secrets.js).
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const devSecrets = require('./dev-secrets');

const root = path.resolve(__dirname, '..');
const env = { ...process.env };
const redisUrl = new URL(env.REDIS_URL || env.CELERY_BROKER_URL || 'redis://localhost:6379/0');

function log(message) {
  process.stdout.write(`[quickstart] ${message}\n`);
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port), timeout: 1000 });
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

function ensureBuild() {
  if (fs.existsSync(path.join(root, 'dist/main.js')) && fs.existsSync(path.join(root, 'dist/mcp-server/main.js'))) return;
  log('building (npm run build)');
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function main() {
  ensureBuild();
  await ensureRedis();
  const secrets = devSecrets.ensure();
  for (const [name, value] of Object.entries(secrets)) if (!env[name]) env[name] = value;
  const mcpPort = env.MCP_PORT || '8001';
  env.MCP_SERVER_URL = env.MCP_SERVER_URL || `http://127.0.0.1:${mcpPort}`;
  // A smaller embedded demo database starts in seconds; DEMO_PATIENTS=10000 for the full set.
  env.DEMO_PATIENTS = env.DEMO_PATIENTS || '2000';
  const children = [
    spawn(process.execPath, ['dist/mcp-server/main.js'], { cwd: root, env: { ...env, MCP_PORT: mcpPort, MCP_HOST: env.MCP_HOST || '127.0.0.1' }, stdio: 'inherit' }),
    spawn(process.execPath, ['dist/main.js'], { cwd: root, env: { ...env, APP_ROLE: env.APP_ROLE || 'all' }, stdio: 'inherit' }),
  ];
  log(`API on http://localhost:${env.PORT || 8000} (Swagger UI at /api/docs), MCP tools server on :${mcpPort}`);
  log(`development secrets: ${path.relative(root, devSecrets.FILE)} (git-ignored; npm run token signs with it)`);
  log('a development token: npm run token -- --sub alice --roles clinician');
  const stop = (signal) => children.forEach((c) => c.exitCode === null && c.kill(signal));
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
}

void main();
