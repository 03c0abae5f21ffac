import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Writes Server-Sent Events on a hijacked Fastify reply. Fastify's hooks (helmet, the error
 * handler) no longer run once a reply is hijacked, so the headers are written here and every
 * later failure must become an `error` event rather than an exception.
 */
export class SseWriter {
  private closed = false;
  private readonly ping: NodeJS.Timeout;
  /** Aborts when the client goes away (or `end()` is called). */
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();

  constructor(request: FastifyRequest, reply: FastifyReply, keepAliveMs = 15_000) {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': String(request.id),
    });
    raw.flushHeaders?.();
    this.signal = this.controller.signal;
    raw.on('close', () => this.finish());
    // Proxies drop connections that stay silent; a comment line keeps them open.
    this.ping = setInterval(() => this.comment('keep-alive'), keepAliveMs);
    this.ping.unref();
    this.raw = raw;
  }

  private readonly raw: FastifyReply['raw'];

  get isClosed(): boolean {
    return this.closed;
  }

  send(event: string, data: unknown, id?: string): void {
    if (this.closed) return;
    const lines = [id ? `id: ${id}` : '', `event: ${event}`, `data: ${JSON.stringify(data)}`].filter(Boolean);
    this.raw.write(`${lines.join('\n')}\n\n`);
  }

  comment(text: string): void {
    if (!this.closed) this.raw.write(`: ${text}\n\n`);
  }

  end(): void {
    if (!this.closed) this.raw.end();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ping);
    this.controller.abort();
  }
}
