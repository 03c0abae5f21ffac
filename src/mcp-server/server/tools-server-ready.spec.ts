/**
 * A tools server that listens before its databases are open: /health says `starting` (503) and a
 * client that connects meanwhile is answered once the server is ready, with the tools it has
 * then, instead of being refused. Real HTTP, the real MCP SDK client.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { z } from 'zod';
import { defineTool } from '../tools/tool-definition';
import { initializeSession } from '../../../test/helpers/mcp-initialize';
import { createToolsServer, type ToolsServer } from './tools-server';

const echo = defineTool({
  name: 'echo',
  title: 'Echo',
  description: 'Returns the message it was given.',
  inputSchema: { message: z.string() },
  audience: 'agent',
  readOnly: true,
  handler: async ({ message }) => ({ text: message }),
});

describe('tools server listening before it is ready', () => {
  let sut: ToolsServer;
  let base: string;
  let open!: () => void;

  beforeAll(async () => {
    sut = createToolsServer({ tools: [], ready: new Promise<void>((resolve) => (open = resolve)) });
    ({ url: base } = await sut.listen(0, '127.0.0.1'));
  });
  afterAll(() => sut.close());

  it('answers /health 503 starting, holds an early MCP client, and serves it once ready', async () => {
    const starting = await fetch(`${base}/health`);
    expect([starting.status, await starting.json()]).toEqual([503, { status: 'starting', tools: 0 }]);

    const client = new Client({ name: 'early', version: '1.0.0' });
    let connected = false;
    const connecting = client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`))).then(() => (connected = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(connected).toBe(false);

    sut.setTools([echo]);
    open();
    await connecting;
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
      const ready = await fetch(`${base}/health`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ok', tools: 1 }]);
    } finally {
      await client.close();
    }
  });
});

describe('tools server whose databases never open', () => {
  let sut: ToolsServer;
  let mcpUrl: string;
  const initialize = (headers: Record<string, string> = {}) => initializeSession(mcpUrl, headers);

  beforeAll(async () => {
    sut = createToolsServer({ tools: [], token: 'sekret', ready: new Promise<void>(() => undefined), readyWaitMs: 300, maxHeldRequests: 1 });
    ({ mcpUrl } = await sut.listen(0, '127.0.0.1'));
  });
  afterAll(() => sut.close());

  it('refuses an unauthenticated client at once instead of holding it', async () => {
    const started = Date.now();
    expect((await initialize()).status).toBe(401);
    expect(Date.now() - started).toBeLessThan(250);
  });

  it('holds an authenticated client only for readyWaitMs, then answers 503', async () => {
    const started = Date.now();
    expect((await initialize({ authorization: 'Bearer sekret' })).status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('holds at most maxHeldRequests at once: the next one gets 503 without waiting', async () => {
    const first = initialize({ authorization: 'Bearer sekret' });
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    expect((await initialize({ authorization: 'Bearer sekret' })).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(200);
    expect((await first).status).toBe(503);
  });
});
