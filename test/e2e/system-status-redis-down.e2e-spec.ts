/**
 * `query_type: system` reads worker and queue numbers from Redis. While Redis accepts
 * connections but does not answer (the worst case: no error, just silence), it answers 503 within
 * 2 s instead of hanging. The app reaches Redis through a proxy the test can freeze: bytes stop
 * flowing both ways, connections stay open; thawed, everything carries on (and the app closes).
 */
import net from 'node:net';
import { createTestApp, REDIS_URL, TestApp } from '../helpers/test-app';

class FreezableProxy {
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  private frozen = false;
  readonly server = net.createServer((client) => {
    const target = new URL(REDIS_URL);
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    this.pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    if (this.frozen) pair.forEach((s) => s.pause());
    const drop = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', drop).on('error', drop);
    upstream.on('close', drop).on('error', drop);
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `redis://127.0.0.1:${(this.server.address() as net.AddressInfo).port}${new URL(REDIS_URL).pathname}`;
  }

  freeze(on: boolean): void {
    this.frozen = on;
    for (const pair of this.pairs) pair.forEach((s) => (on ? s.pause() : s.resume()));
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) pair.forEach((s) => s.destroy());
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('system query while Redis does not answer (e2e)', () => {
  const proxy = new FreezableProxy();
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ mcp: false, env: { REDIS_URL: await proxy.listen() } });
  });
  afterAll(async () => {
    proxy.freeze(false);
    await t.close();
    await proxy.close();
  });

  const ask = () =>
    t
      .request()
      .post('/api/ai/query/')
      .set('authorization', `Bearer ${t.token('alice', ['clinician'])}`)
      .send({ query: 'are the workers up?', query_type: 'system' })
      .timeout(5000);

  it('answers from live state while Redis answers, and 503 within 2 s while it is silent', async () => {
    const up = await ask();
    expect(up.status).toBe(200);
    expect(up.body.response).toMatch(/Queue workers alive: 1/);

    proxy.freeze(true);
    try {
      const started = Date.now();
      const res = await ask();
      expect(Date.now() - started).toBeLessThan(2000);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ success: false, code: 'queue_unavailable' });
    } finally {
      proxy.freeze(false);
    }
  });
});
