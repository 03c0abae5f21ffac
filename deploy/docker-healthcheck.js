'use strict';
/**
 * The image's HEALTHCHECK, role-aware: the MCP tools server answers GET /health on MCP_PORT,
 * every other role answers GET /api/ai/health/live on PORT. Liveness only (nothing outside the
 * process), so a Redis outage does not get containers restarted. Plain node because the slim
 * image has no curl or wget. Exit 0 = healthy, 1 = unhealthy (Docker's contract).
 */
const http = require('node:http');

const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '[::]']);
const TIMEOUT_MS = 4000; // below the HEALTHCHECK --timeout, so node reports rather than being killed

function target(env) {
  const mcp = env.APP_ROLE === 'mcp-tools';
  const bind = (mcp ? env.MCP_HOST : env.HOST) || '';
  return {
    // A wildcard bind is reachable on loopback; a specific address is not necessarily.
    host: WILDCARD_HOSTS.has(bind) ? '127.0.0.1' : bind,
    port: Number((mcp ? env.MCP_PORT : env.PORT) || (mcp ? 8001 : 8000)),
    path: mcp ? '/health' : '/api/ai/health/live',
  };
}

const { host, port, path } = target(process.env);
const req = http.get({ host, port, path, timeout: TIMEOUT_MS }, (res) => {
  res.resume();
  process.exitCode = res.statusCode === 200 ? 0 : 1;
});
req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
req.on('error', (err) => {
  process.stderr.write(`healthcheck ${host}:${port}${path}: ${err.message}\n`);
  process.exitCode = 1;
});
