/**
 * What the fault specs share: a private redis-server (own port, temp dir, AOF with fsync on every
 * write, so a restart keeps what was acknowledged — as a production Redis would), the built
 * service as separate API and worker processes that can be SIGKILLed, and the bookkeeping that
 * proves nothing was lost or completed twice (SUCCESS events in each task's event stream).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { startFakeLlm, type FakeLlm, type FakeLlmOptions } from '../fake-llm/fake-llm-server';
import { startToolsServer, type StartedToolsServer } from '../helpers/mcp-tools-server';
import { deleteKeys, REDIS_URL, signToken, TEST_SECRETS } from '../helpers/test-app';
import type { AppConfigService } from '../../src/core/config';
import { SealerService } from '../../src/core/crypto/sealer.service';

 
const procs = require('../../bench/lib/processes.js') as {
  freePort(): Promise<number>;
  startService(o: { role: string; port: number; env: Record<string, string>; logFile?: string }): Promise<ServiceProcess>;
  stopChild(child: ChildProcess, graceMs?: number): Promise<void>;
};
const load = require('../../bench/lib/load.js') as {
  jsonClient(url: string, sockets: number): { request(m: string, p: string, b?: unknown, h?: Record<string, string>): Promise<HttpResult>; close(): void };
};
 

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  pid: number;
  role: string;
  stop(): Promise<void>;
  stderr(): string;
}

export interface HttpResult {
  status: number;
  body: any;
  ms: number;
}

export const FINAL = new Set(['SUCCESS', 'FAILURE', 'CANCELLED']);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const freePort = procs.freePort;
export const jsonClient = load.jsonClient;

export class PrivateRedis {
  private child?: ChildProcess;
  readonly dir = mkdtempSync(path.join(tmpdir(), 'medcor-fault-redis-'));
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await procs.freePort());
    await redis.start();
    return redis;
  }

  async start(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dir, '--logfile', ''];
    this.child = spawn('redis-server', args, { stdio: 'ignore' });
    const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => 100, maxRetriesPerRequest: 0 });
    const deadline = Date.now() + 10000;
    try {
      while (Date.now() < deadline) {
        try {
          if (probe.status !== 'ready') await probe.connect().catch(() => undefined);
          if ((await probe.ping()) === 'PONG') return;
        } catch {
          await sleep(100);
        }
      }
      throw new Error(`redis-server on ${this.port} did not start`);
    } finally {
      probe.disconnect();
    }
  }

  /** SIGKILL: the harshest stop; with appendfsync always every acknowledged write survives it. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async close(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Stack {
  prefix: string;
  redisUrl: string;
  api: ServiceProcess;
  workers: ServiceProcess[];
  env: Record<string, string>;
  token: string;
  startWorker(): Promise<ServiceProcess>;
  close(): Promise<void>;
}

/**
 * FAULT_LOG_DIR=<dir>: each service process's log lines (stdout) go to `<dir>/<prefix>-<role>-<port>.log`
 * (FAULT_LOG_LEVEL, default warn, sets their level), to read after a failed case.
 */
function logFileFor(prefix: string, role: string, port: number): string | undefined {
  const dir = process.env.FAULT_LOG_DIR;
  if (!dir) return undefined;
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${prefix}-${role}-${port}.log`);
}

/** The API and `workers` worker processes of the built service (dist/), on a fresh key prefix. */
export async function startStack(options: { redisUrl: string; llmUrl: string; mcpUrl?: string; workers?: number; env?: Record<string, string> }): Promise<Stack> {
  const prefix = `f${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'warn',
    REDIS_URL: options.redisUrl,
    REDIS_KEY_PREFIX: prefix,
    OPENAI_API_KEY: 'fault-key',
    OPENAI_BASE_URL: options.llmUrl,
    OPENAI_MODEL: 'gpt-4o-mini',
    OPENAI_TIMEOUT_MS: '5000',
    MCP_SERVER_URL: options.mcpUrl ?? `http://127.0.0.1:${await procs.freePort()}`,
    TASK_BACKOFF_MS: '200',
    WORKER_HEARTBEAT_SECONDS: '1',
    WORKER_STALLED_INTERVAL_MS: '1000',
    RATE_LIMIT_INLINE_PER_MINUTE: '100000000',
    RATE_LIMIT_SUBMIT_PER_MINUTE: '100000000',
    SWAGGER_ENABLED: 'false',
    // API and workers are separate processes: they must share the secrets (signToken signs with it).
    ...TEST_SECRETS,
    ...options.env,
  };
  const workers: ServiceProcess[] = [];
  const start = async (role: string) => {
    const port = await procs.freePort();
    return procs.startService({ role, port, env, logFile: logFileFor(prefix, role, port) });
  };
  const startWorker = async () => {
    const w = await start('worker');
    workers.push(w);
    return w;
  };
  const [api] = await Promise.all([
    start('api'),
    ...Array.from({ length: options.workers ?? 1 }, () => startWorker()),
  ]);
  return {
    prefix,
    redisUrl: options.redisUrl,
    api,
    workers,
    env,
    token: signToken('fault-user', ['clinician']),
    startWorker,
    async close() {
      await Promise.all([api, ...workers].map((p) => procs.stopChild(p.child, 5000)));
    },
  };
}

/** Submits a background general query; returns the HTTP result (202 with task_id when accepted). */
/**
 * A stack on the shared Redis with its own fake LLM, started before the file's tests and removed
 * after them (processes, LLM server, keys): read `fixture.stack`, `.llm` and `.redis` in tests.
 */
export function useStackOnSharedRedis(options: { llm?: FakeLlmOptions; workers?: number; env?: Record<string, string>; testTools?: boolean } = {}) {
  const fixture = {} as { llm: FakeLlm; stack: Stack; redis: Redis; tools?: StartedToolsServer };
  beforeAll(async () => {
    fixture.llm = await startFakeLlm(options.llm);
    // testTools: the small test tool set (echo, add, slow…) in this process, shared by API and workers.
    if (options.testTools) fixture.tools = await startToolsServer();
    const mcp = fixture.tools ? { mcpUrl: fixture.tools.baseUrl } : {};
    const env = { ...(fixture.tools ? { MCP_INTERNAL_SECRET: fixture.tools.internalSecret } : {}), ...options.env };
    fixture.stack = await startStack({ redisUrl: REDIS_URL, llmUrl: fixture.llm.url, workers: options.workers ?? 1, env, ...mcp });
    fixture.redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await fixture.stack?.close();
    await fixture.tools?.close();
    await fixture.llm?.close();
    if (fixture.stack) await deletePrefix(fixture.redis, fixture.stack.prefix);
    await fixture.redis?.quit();
  });
  return fixture;
}

export function submit(client: ReturnType<typeof jsonClient>, token: string, query: string): Promise<HttpResult> {
  return client.request('POST', '/api/ai/query/', { query, use_celery: true }, { authorization: `Bearer ${token}` });
}

/** Waits until every task is final (read straight from Redis); returns status counts. */
export async function waitAllFinal(redis: Redis, prefix: string, ids: string[], timeoutMs: number): Promise<Record<string, number>> {
  const open = new Set(ids);
  const counts: Record<string, number> = {};
  const deadline = Date.now() + timeoutMs;
  while (open.size && Date.now() < deadline) {
    const batch = [...open];
    const pipe = redis.pipeline();
    for (const id of batch) pipe.hget(`${prefix}:task:${id}`, 'status');
    const replies = (await pipe.exec()) ?? [];
    replies.forEach(([, status], i) => {
      if (FINAL.has(status as string)) {
        counts[status as string] = (counts[status as string] ?? 0) + 1;
        open.delete(batch[i]);
      }
    });
    if (open.size) await sleep(200);
  }
  if (open.size) {
    const sample = [...open].slice(0, 3);
    const states = await Promise.all(sample.map((id) => redis.hgetall(`${prefix}:task:${id}`)));
    throw new Error(`${open.size} of ${ids.length} tasks are not final after ${timeoutMs} ms, e.g. ${JSON.stringify(states)}`);
  }
  return counts;
}

/**
 * What the records of the tasks that did not end SUCCESS say: status, attempts, the clear
 * `message`, and from the result (opened with this process's PHI_ENCRYPTION_KEY when sealed) the
 * error's code and text. For a failed assertion to say why; the fault cases' prompts are synthetic.
 */
export async function notSucceeded(redis: Redis, prefix: string, ids: string[]): Promise<Record<string, unknown>[]> {
  const sealer = new SealerService({ all: { security: { phiKey: Buffer.from(TEST_SECRETS.PHI_ENCRYPTION_KEY, 'base64') } } } as unknown as AppConfigService);
  const resultFields = ['result', ...Array.from({ length: 15 }, (_, i) => `result.${i + 1}`)];
  const out: Record<string, unknown>[] = [];
  for (const id of ids) {
    const [status, message, attempts, owner, sealed, createdAt, updatedAt, ...parts] = await redis.hmget(
      `${prefix}:task:${id}`,
      'status',
      'message',
      'attempts',
      'owner',
      'sealed',
      'created_at',
      'updated_at',
      ...resultFields,
    );
    if (status === 'SUCCESS') continue;
    const encoded = parts.filter((p): p is string => p !== null).join('');
    let result: { code?: unknown; error?: unknown; attempts?: unknown } | string | null = null;
    try {
      if (encoded) result = JSON.parse(sealed === '1' ? sealer.openText(encoded, `task:${id}:${owner ?? ''}`) : encoded);
    } catch (error) {
      result = `(result not readable: ${(error as Error).message})`;
    }
    const error = result && typeof result === 'object' ? { code: result.code, error: result.error, resultAttempts: result.attempts } : { result };
    out.push({ id, status, message, attempts, createdAt, updatedAt, ...error });
  }
  return out;
}

/**
 * How many SUCCESS events each task's stream holds: exactly 1 for a task completed once. A
 * finished task's stream expires seconds after its final entry; its history is then read from
 * the record (`events`, chunked as `events.1`, …: `<id> <json>` lines, then the final event's id,
 * that event being the record's own status).
 */
export async function successEvents(redis: Redis, prefix: string, ids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const eventFields = ['events', ...Array.from({ length: 15 }, (_, i) => `events.${i + 1}`)];
  for (let i = 0; i < ids.length; i += 500) {
    const batch = ids.slice(i, i + 500);
    const pipe = redis.pipeline();
    for (const id of batch) pipe.xrange(`${prefix}:task:${id}:events`, '-', '+').hmget(`${prefix}:task:${id}`, 'status', ...eventFields);
    const replies = (await pipe.exec()) ?? [];
    batch.forEach((id, j) => {
      const entries = (replies[j * 2]?.[1] as [string, string[]][] | undefined) ?? [];
      let statuses = entries.map(([, fields]) => JSON.parse(fields[1]).status as string);
      if (!entries.length) {
        const [status, ...parts] = (replies[j * 2 + 1]?.[1] as (string | null)[] | undefined) ?? [];
        const lines = parts.filter((p): p is string => p !== null).join('').split('\n').filter(Boolean);
        statuses = [...lines.slice(0, -1).map((line) => JSON.parse(line.slice(line.indexOf(' ') + 1)).status as string), ...(lines.length && status ? [status] : [])];
      }
      out.set(id, statuses.filter((s) => s === 'SUCCESS').length);
    });
  }
  return out;
}

/** Deletes every key under a test's prefix (the one helper the e2e tests use too). */
export const deletePrefix = deleteKeys;

export async function getJson(url: string, timeoutMs = 5000): Promise<{ status: number; body: any; ms: number }> {
  const started = performance.now();
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, body: await res.json().catch(() => undefined), ms: performance.now() - started };
}
