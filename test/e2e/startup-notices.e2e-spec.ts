/**
 * The start-up log of the real process (dist/main.js) names every missing optional dependency
 * once, with what to set, so an operator learns of a degraded service before a request fails.
 */
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { startAppProcess, type AppProcess } from '../helpers/app-process';
import { REDIS_URL, deleteKeys } from '../helpers/test-app';

jest.setTimeout(300_000);

describe('start-up notices of missing optional dependencies (e2e, real process)', () => {
  let app: AppProcess;
  const prefix = `t${randomUUID().replace(/-/g, '').slice(0, 10)}`;

  beforeAll(async () => {
    // No OPENAI_API_KEY, WEBHOOK_SECRET or MCP_SERVER_TOKEN (startAppProcess passes only PATH from the parent).
    app = await startAppProcess({ APP_ROLE: 'api', REDIS_URL, REDIS_KEY_PREFIX: prefix, MCP_SERVER_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'info' });
  }, 300_000);
  afterAll(async () => {
    await app?.stop();
    const redis = new Redis(REDIS_URL);
    await deleteKeys(redis, prefix);
    await redis.quit();
  });

  it('names OPENAI_API_KEY, WEBHOOK_SECRET and MCP_SERVER_TOKEN once each, with what to set', async () => {
    const messages = () => app.output.filter((l) => l.startsWith('{')).map((l) => String((JSON.parse(l) as { msg?: unknown }).msg ?? ''));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !messages().some((m) => m.startsWith('MCP_SERVER_TOKEN'))) await new Promise((r) => setTimeout(r, 100));
    for (const variable of ['OPENAI_API_KEY', 'WEBHOOK_SECRET', 'MCP_SERVER_TOKEN']) {
      const notices = messages().filter((m) => m.includes(`${variable} is not set`));
      expect([variable, notices.length]).toEqual([variable, 1]);
      expect(notices[0]).toMatch(new RegExp(`To enable it, set ${variable}`));
    }
  });
});
