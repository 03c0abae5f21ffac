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

/**
 * Open-loop load at a fixed rate: a request is started every 1000/rate ms whatever the earlier
 * ones are doing, over at most `connections` keep-alive sockets (requests wait for a free one,
 * and that wait counts in their latency). Latency is measured to the microsecond, so an overhead
 * of a millisecond or two is not lost in autocannon's whole-millisecond percentiles.
 */
async function paced({ url, method = 'GET', headers = {}, body, rate, seconds, connections, expectStatus = 200 }) {
  const { origin, pathname } = new URL(url);
  const client = jsonClient(origin, connections);
  const latencies = [];
  let unexpected = 0;
  let errors = 0;
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const inFlight = [];
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      client.request(method, pathname, body, headers).then(
        (res) => {
          latencies.push(res.ms);
          if (res.status !== expectStatus) unexpected++;
        },
        () => errors++,
      ),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  client.close();
  return {
    rate,
    connections,
    rps: Math.round(latencies.length / elapsed),
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    total: latencies.length,
    unexpected,
    errors,
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

/**
 * Posts `tasks` plain background submits (`{query: label + i, use_celery: true}`) over `clients`
 * concurrent keep-alive connections of `client`, each answer handed to `onAnswer`.
 */
async function submitAll({ client, clients, tasks, path = '/api/ai/query/', label, headers, onAnswer }) {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < tasks) {
        const i = next++;
        onAnswer(await client.request('POST', path, { query: `${label} ${i}`, use_celery: true }, headers));
      }
    }),
  );
}

module.exports = { cannon, paced, percentile, round, jsonClient, submitAll };
