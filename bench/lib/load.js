'use strict';
/**
 * Load generators: autocannon for fixed-connection HTTP runs, a keep-alive client pool for the
 * background submissions (each submit's latency recorded), and percentiles.
 */
const autocannon = require('autocannon');
const http = require('node:http');

/** One autocannon run; returns req/s and latency percentiles in ms. */
async function cannon({ url, connections, seconds, method = 'GET', headers = {}, body, expectStatus = 200 }) {
  let unexpected = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method,
    headers: body ? { 'content-type': 'application/json', ...headers } : headers,
    body: body ? JSON.stringify(body) : undefined,
    setupClient: (client) => client.on('response', (status) => status !== expectStatus && unexpected++),
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    mean: round(result.latency.mean),
    total: result.requests.total,
    unexpected,
    errors: result.errors + result.timeouts,
  };
}

function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
}

const round = (n) => Math.round(n * 100) / 100;

/** A keep-alive JSON client: `request(method, path, body?, headers?)` → {status, body, ms}. */
function jsonClient(baseUrl, maxSockets) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const { hostname, port } = new URL(baseUrl);
  return {
    request(method, path, body, headers = {}) {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const started = performance.now();
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            agent,
            hostname,
            port,
            method,
            path,
            headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
          },
          (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              let parsed;
              try {
                parsed = text ? JSON.parse(text) : undefined;
              } catch {
                parsed = text;
              }
              resolve({ status: res.statusCode, body: parsed, ms: performance.now() - started });
            });
          },
        );
        req.on('error', reject);
        if (payload) req.write(payload);
        req.end();
      });
    },
    close: () => agent.destroy(),
  };
}

module.exports = { cannon, percentile, round, jsonClient };
