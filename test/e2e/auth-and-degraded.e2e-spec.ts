/**
 * RS256 through a JWKS URL (with issuer and audience), and honest degradation: no LLM
 * configured, and an API with no live worker.
 */
import jwt from 'jsonwebtoken';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('RS256 tokens from a JWKS URL', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'test-key-1';
  let jwks: Server;
  let t: TestApp;

  beforeAll(async () => {
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
    jwks = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    t = await createTestApp({ mcp: false, env: { JWT_JWKS_URI: url, JWT_ISSUER: 'https://idp.test', JWT_AUDIENCE: 'medcor' } });
  });
  afterAll(async () => {
    await t.close();
    jwks.close();
  });

  const system = (token: string) =>
    t.request().post('/api/ai/query/').set('authorization', `Bearer ${token}`).send({ query: 'status?', query_type: 'system' });
  const sign = (claims: object, options: jwt.SignOptions = {}) =>
    jwt.sign({ sub: 'carol', roles: [], ...claims }, privateKey.export({ format: 'pem', type: 'pkcs8' }), {
      algorithm: 'RS256',
      keyid: kid,
      issuer: 'https://idp.test',
      audience: 'medcor',
      expiresIn: '5m',
      ...options,
    });

  it('accepts a token signed by the key the JWKS publishes', async () => {
    expect((await system(sign({}))).status).toBe(200);
  });

  it('refuses the wrong audience or issuer', async () => {
    expect((await system(sign({}, { audience: 'someone-else' }))).status).toBe(401);
    expect((await system(sign({}, { issuer: 'https://evil.test' }))).status).toBe(401);
  });

  it('refuses an HS256 token even when signed with the public key (algorithm pinned)', async () => {
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const confused = jwt.sign({ sub: 'carol', iss: 'https://idp.test', aud: 'medcor' }, pem, { algorithm: 'HS256', keyid: kid });
    expect((await system(confused)).status).toBe(401);
  });
});

describe('without an LLM', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ mcp: 'test-tools', llm: false });
  });
  afterAll(() => t.close());

  it('starts, reports degraded and llm_available false, and is ready (an LLM key is optional)', async () => {
    const res = await t.request().get('/api/ai/health/');
    expect(res.body).toMatchObject({ status: 'degraded', llm_available: false });
    const ready = await t.request().get('/api/ai/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', degraded: true, details: { redis: { status: 'up' } } });
    expect(ready.body.optional.llm).toMatchObject({ status: 'down', message: expect.stringMatching(/OPENAI_API_KEY/) });
    expect(ready.body.details.llm).toBeUndefined();
  });

  it('answers a request that needs the LLM with 503 naming the variables', async () => {
    const res = await t.request().post('/api/ai/query/').set('authorization', `Bearer ${t.token('dave')}`).send({ query: 'hi' });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ success: false, code: 'llm_not_configured' });
    expect(res.body.error).toMatch(/OPENAI_API_KEY/);
    expect(res.body.error).toMatch(/OPENAI_BASE_URL/);
  });

  it('still answers system questions', async () => {
    const res = await t.request().post('/api/ai/query/').set('authorization', `Bearer ${t.token('dave')}`).send({ query: 'up?', query_type: 'system' });
    expect(res.status).toBe(200);
    expect(res.body.response).toMatch(/LLM: not configured/);
  });
});

describe('an API with no live worker', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ mcp: 'test-tools', role: 'api' });
  });
  afterAll(() => t.close());

  it('reports celery_available false and degraded', async () => {
    const res = await t.request().get('/api/ai/health/');
    expect(res.body).toMatchObject({ status: 'degraded', celery_available: false, workers: 0, mcp_available: true, llm_available: true });
  });

  it('still accepts background work (202) that waits for a worker', async () => {
    const token = t.token('erin');
    const res = await t.request().post('/api/ai/query/').set('authorization', `Bearer ${token}`).send({ query: 'later', use_celery: true });
    expect(res.status).toBe(202);
    const status = await t.request().get(`/api/ai/task/${res.body.task_id}/status/`).set('authorization', `Bearer ${token}`);
    expect(status.body).toMatchObject({ status: 'PENDING', progress: 0, result: null });
  });
});

describe('a worker with its queues connected', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ mcp: 'test-tools', role: 'worker' });
  });
  afterAll(() => t.close());

  it('is ready on Redis, its own heartbeat and every queue connection', async () => {
    let ready = await t.request().get('/api/ai/health/ready');
    for (let i = 0; i < 40 && ready.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      ready = await t.request().get('/api/ai/health/ready');
    }
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.details).sort()).toEqual(['queues', 'redis', 'workers']);
    expect(Object.values(ready.body.details.queues.queues)).toEqual(['ready', 'ready', 'ready', 'ready']);
  });
});
