/**
 * Starts the whole service for a test: the NestJS app (Fastify, role `all` by default) on a random
 * port with its own Redis key prefix, our OpenAI-compatible fake LLM over real HTTP, and the
 * medcor-tools MCP server in-process with the real tools on a fresh PostgreSQL database.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/core/config';
import { RedisService } from '../../src/core/redis/redis.service';
import { createDatabaseRegistry, type DatabaseRegistry, type DatabaseRegistryOptions } from '../../src/mcp-server/db/database-registry';
import { buildTools } from '../../src/mcp-server/tools';
import type { ToolDefinition } from '../../src/mcp-server/tools/tool-definition';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm-server';
import { startToolsServer, type StartedToolsServer } from './mcp-tools-server';
import { createTestDatabase, type TestDatabase } from './test-database';
import { signToken, TEST_SECRETS, type TestSecrets } from './test-secrets';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const FINAL = new Set(['SUCCESS', 'FAILURE', 'CANCELLED']);

export interface TestAppOptions {
  role?: 'all' | 'api' | 'worker';
  /** Extra environment (e.g. short TTLs). */
  env?: Record<string, string>;
  /** false: no OPENAI_API_KEY. */
  llm?: boolean;
  /** false: no MCP server; 'test-tools': the small test tool set; default: the real tools. */
  mcp?: false | 'test-tools' | 'real';
  /** Use this database URL for the tools server instead of creating a fresh one. */
  databaseUrl?: string;
  /** Replace the tools (e.g. to add a failing tool). */
  tools?: (real: ToolDefinition[]) => ToolDefinition[];
  /** Options of the real tools' database registry (e.g. a short statement timeout). */
  registry?: Omit<DatabaseRegistryOptions, 'databaseUrl' | 'databases'>;
}

export interface TestApp {
  app: NestFastifyApplication;
  url: string;
  prefix: string;
  llm: FakeLlm;
  mcp?: StartedToolsServer;
  database?: TestDatabase;
  redis: Redis;
  request(): ReturnType<typeof request>;
  /** A token signed with this app's own JWT_SECRET (1 hour). */
  token(sub: string, roles?: string[], claims?: Record<string, unknown>): string;
  /** This app's JWT_SECRET and PHI_ENCRYPTION_KEY (random per test file unless options.env sets them). */
  secrets: TestSecrets;
  waitForTask(taskId: string, token: string, options?: { timeoutMs?: number; until?: (body: TaskBody) => boolean }): Promise<TaskBody>;
  close(): Promise<void>;
}

export interface TaskBody {
  status: string;
  message: string;
  progress: number;
  result: any;
  [key: string]: unknown;
}

export { randomSecrets, signToken, TEST_SECRETS, type TestSecrets } from './test-secrets';

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const llm = await startFakeLlm();
  let database: TestDatabase | undefined;
  let registry: DatabaseRegistry | undefined;
  let mcp: StartedToolsServer | undefined;
  if (options.mcp !== false) {
    if (options.mcp === 'test-tools') {
      mcp = await startToolsServer();
    } else {
      if (!options.databaseUrl) database = await createTestDatabase();
      registry = await createDatabaseRegistry({ ...options.registry, databaseUrl: options.databaseUrl ?? database?.url });
      const real = buildTools({ registry });
      mcp = await startToolsServer({ tools: options.tools ? options.tools(real) : real });
    }
  }
  const prefix = `t${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  // Random per test file, shared by the file's apps like replicas of one deployment, so a token
  // from t.token() is good on each of them. A test may still give an app its own (options.env).
  const secrets: TestSecrets = {
    JWT_SECRET: options.env?.JWT_SECRET ?? TEST_SECRETS.JWT_SECRET,
    PHI_ENCRYPTION_KEY: options.env?.PHI_ENCRYPTION_KEY ?? TEST_SECRETS.PHI_ENCRYPTION_KEY,
  };
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    ...secrets,
    APP_ROLE: options.role ?? 'all',
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    OPENAI_API_KEY: options.llm === false ? '' : 'test-key',
    OPENAI_BASE_URL: llm.url,
    OPENAI_MODEL: 'gpt-4o-mini',
    OPENAI_TIMEOUT_MS: '5000',
    MCP_SERVER_URL: mcp ? mcp.baseUrl : 'http://127.0.0.1:9',
    // The in-process tools server and the app share its random internal secret.
    ...(mcp ? { MCP_INTERNAL_SECRET: mcp.internalSecret } : {}),
    MCP_SERVER_TIMEOUT: '10',
    TASK_BACKOFF_MS: '100',
    WORKER_HEARTBEAT_SECONDS: '1',
    WORKER_STALLED_INTERVAL_MS: '3000',
    ...options.env,
  };
  const app = await createApp(loadConfig(env));
  await app.listen(0, '127.0.0.1');
  // As Kubernetes sends no traffic before /health/ready: the service's own Redis connection is ready
  // before a test's first request (on a busy machine the first submit met it still connecting and
  // was refused with 503). A test whose Redis is meant to be down goes on after the timeout.
  await app.get(RedisService).whenReady(10_000);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const redis = new Redis(REDIS_URL);

  const testApp: TestApp = {
    app,
    url,
    prefix,
    llm,
    mcp,
    database,
    redis,
    request: () => request(url),
    secrets,
    token: (sub, roles, claims) => signToken(sub, roles, claims, secrets.JWT_SECRET),
    async waitForTask(taskId, token, { timeoutMs = 20000, until } = {}) {
      const deadline = Date.now() + timeoutMs;
      let last: TaskBody | undefined;
      while (Date.now() < deadline) {
        const res = await request(url).get(`/api/ai/task/${taskId}/status/`).set('authorization', `Bearer ${token}`);
        last = res.body as TaskBody;
        if (res.status === 200 && (until ? until(last) : FINAL.has(last.status))) return last;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`Task ${taskId} did not reach the expected state in ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    },
    async close() {
      await app.close();
      await mcp?.close();
      await registry?.close();
      await llm.close();
      await deleteKeys(redis, prefix);
      await redis.quit();
      await database?.drop();
    },
  };
  return testApp;
}

/** A general query queued in the background (`use_celery`), as the given user. */
export function submitBackgroundQuery(t: TestApp, token: string, body: Record<string, unknown>) {
  return t.request().post('/api/ai/query/').set('authorization', `Bearer ${token}`).send({ use_celery: true, ...body });
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}
