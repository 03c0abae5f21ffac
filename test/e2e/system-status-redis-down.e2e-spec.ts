/**
 * `query_type: system` reads worker and queue numbers from Redis. While Redis accepts
 * connections but never answers (the worst case: no error, just silence), it answers 503 within
 * 2 s instead of hanging.
 */
import net from 'node:net';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('system query while Redis does not answer (e2e)', () => {
  let silent: net.Server;
  const sockets = new Set<net.Socket>();
  let t: TestApp;

  beforeAll(async () => {
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    t = await createTestApp({ mcp: false, role: 'api', env: { REDIS_URL: `redis://127.0.0.1:${port}/0` } });
  });
  afterAll(async () => {
    // Silence ends first: the app's clients then fail fast and it can close.
    const closed = new Promise((resolve) => silent.close(resolve));
    for (const socket of sockets) socket.destroy();
    await closed;
    await t.close();
  });

  it('answers 503 with Retry-After within 2 s', async () => {
    const started = Date.now();
    const res = await t
      .request()
      .post('/api/ai/query/')
      .set('authorization', `Bearer ${t.token('alice', ['clinician'])}`)
      .send({ query: 'are the workers up?', query_type: 'system' })
      .timeout(5000);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ success: false, code: 'queue_unavailable' });
  });
});
