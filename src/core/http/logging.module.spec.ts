import Fastify from 'fastify';
import { Writable } from 'node:stream';
import type { AllConfig } from '../config';
import { createRootLogger } from './logging.module';

describe('log redaction', () => {
  const config = { app: { logLevel: 'info', role: 'api' } } as AllConfig;

  it("removes a request's authorization header and cookie from every line that carries its headers", async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString('utf8')), done()) });
    const sut = createRootLogger(config, sink);
    const app = Fastify();
    // What a handler or a serializer logging the request would write.
    app.get('/probe', (request, reply) => {
      sut.info({ req: { method: request.method, url: request.url, headers: request.headers } }, 'request seen');
      return reply.send({ ok: true });
    });
    await app.inject({ method: 'GET', url: '/probe', headers: { authorization: 'Bearer eyJhbGciOi.secret-token.sig', cookie: 'medcor_admin_session=cookie-secret' } });
    await app.close();

    const out = lines.join('');
    expect(out).toContain('request seen');
    expect(out).toContain('"authorization":"[REDACTED]"');
    expect(out).not.toContain('secret-token');
    expect(out).not.toContain('cookie-secret');
  });
});
