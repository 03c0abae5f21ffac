/**
 * A small SSE client for the enhancements e2e specs: real HTTP, events parsed as they arrive,
 * closable mid-stream (to test disconnects and Last-Event-ID resumption).
 */
import http from 'node:http';

export interface SseEvent {
  id?: string;
  event: string;
  data: any;
}

export interface SseStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: SseEvent[];
  /** Resolves when the server ends the stream (or the client closes it). */
  ended: Promise<void>;
  /** Resolves with the first event (from the start) that matches. */
  waitFor(predicate: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
  /** The raw body for a non-SSE answer (e.g. a 404 JSON). */
  text(): string;
}

export function openSse(
  baseUrl: string,
  path: string,
  options: { method?: string; token?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<SseStream> {
  const url = new URL(path, baseUrl);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: options.method ?? 'GET',
      headers: {
        accept: 'text/event-stream',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(payload ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const events: SseEvent[] = [];
      const waiters: Array<() => void> = [];
      let buffer = '';
      let raw = '';
      let resolveEnded!: () => void;
      const ended = new Promise<void>((r) => (resolveEnded = r));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event: SseEvent = { event: 'message', data: undefined };
          let isEvent = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const [field, ...rest] = line.split(':');
            const value = rest.join(':').replace(/^ /, '');
            if (field === 'id') event.id = value;
            if (field === 'event') event.event = value;
            if (field === 'data') {
              event.data = JSON.parse(value);
              isEvent = true;
            }
          }
          if (isEvent) events.push(event);
        }
        waiters.splice(0).forEach((w) => w());
      });
      const finish = () => {
        resolveEnded();
        waiters.splice(0).forEach((w) => w());
      };
      res.on('end', finish);
      res.on('close', finish);
      let closed = false;
      res.on('close', () => (closed = true));
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        ended,
        text: () => raw,
        close: () => req.destroy(),
        waitFor(predicate, timeoutMs = 10000) {
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`no matching SSE event in ${timeoutMs} ms; got ${JSON.stringify(events)}`)), timeoutMs);
            const check = () => {
              const found = events.find(predicate);
              if (found) {
                clearTimeout(timer);
                ok(found);
              } else if (closed) {
                clearTimeout(timer);
                fail(new Error(`stream ended without a matching event; got ${JSON.stringify(events)}`));
              } else waiters.push(check);
            };
            check();
          });
        },
      });
    });
    req.end(payload);
  });
}
