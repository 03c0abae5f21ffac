/** An HTTP server on 127.0.0.1 that collects webhook deliveries; `answer` picks each reply's status. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookDelivery {
  body: string;
  headers: http.IncomingHttpHeaders;
  at: number;
}

export interface WebhookReceiver {
  /** The callback URL to submit. */
  url: string;
  close(): Promise<void>;
}

export async function startWebhookReceiver(onDelivery: (delivery: WebhookDelivery) => number | void): Promise<WebhookReceiver> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.statusCode = onDelivery({ body, headers: req.headers, at: Date.now() }) ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
