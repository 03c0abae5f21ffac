import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import nodeFetch, { type RequestInit as NodeFetchInit } from 'node-fetch';

const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

/**
 * The `fetch` the OpenAI client (under ChatOpenAI) sends its requests with: node-fetch 2 over
 * node:http with keep-alive agents, instead of Node 20's built-in fetch (undici). Measured here,
 * one chat completion against the test server costs about 690 µs of CPU with the built-in fetch
 * and 240 µs with this one (the built-in fetch clones each request body through web streams and
 * transfers abort signals); through ChatOpenAI, a call went from about 1.7 to 1.2 ms. The OpenAI
 * SDK documents the `fetch` option and types node-fetch 2's options; responses stream as Node
 * streams, which the SDK iterates for server-sent events, and the SDK's AbortSignal aborts both
 * the request and a streaming body.
 */
export function keepAliveFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const options = { ...(init as unknown as NodeFetchInit), agent: (parsed: URL) => (parsed.protocol === 'https:' ? httpsAgent : httpAgent) };
  return nodeFetch(url, options) as unknown as Promise<Response>;
}
