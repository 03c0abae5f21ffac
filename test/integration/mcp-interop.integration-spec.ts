/**
 * Interoperability: our client against the reference server-everything (stdio and Streamable
 * HTTP), and the SDK's stock client against our tools server. Proves we speak MCP, not just a
 * dialect both our halves happen to share.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { SESSION_PROOF_HEADER, signSessionProof } from '../../src/shared/mcp-assertion';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SdkMcpClient } from '../../src/core/mcp/sdk-mcp-client';
import { startToolsServer, type StartedToolsServer } from '../helpers/mcp-tools-server';
import { until } from '../helpers/until';
import { freePort } from '../helpers/app-process';

const everythingEntry = join(__dirname, '../../node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('SdkMcpClient against @modelcontextprotocol/server-everything', () => {
  it('lists and calls the echo tool over stdio', async () => {
    const sut = new SdkMcpClient({
      servers: { everything: { command: process.execPath, args: [everythingEntry, 'stdio'] } },
      timeoutMs: 10_000,
      logger: quiet,
    });
    try {
      await sut.start();
      await until(() => sut.isAvailable(), 15_000);

      const tools = await sut.listTools();
      expect(tools.map((tool) => tool.name)).toContain('echo');
      expect(sut.status()).toEqual([expect.objectContaining({ name: 'everything', transport: 'stdio', connected: true })]);

      const result = await sut.callTool('echo', { message: 'hello stdio' });
      expect(result.isError).toBe(false);
      expect(result.text).toContain('hello stdio');
      expect(await sut.ping(2000)).toBe(true);
    } finally {
      await sut.close();
    }
  });

  describe('over Streamable HTTP', () => {
    let child: ChildProcess;
    let url: string;

    beforeAll(async () => {
      const port = await freePort();
      url = `http://127.0.0.1:${port}/mcp`;
      child = spawn(process.execPath, [everythingEntry, 'streamableHttp'], {
        env: { ...process.env, PORT: String(port) },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('server-everything did not start')), 15_000);
        child.stderr?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('listening')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`server-everything exited with ${code}`)));
      });
    });

    afterAll(() => {
      child?.kill('SIGTERM');
    });

    it('lists and calls the echo tool', async () => {
      const sut = new SdkMcpClient({ servers: { everything: { url } }, timeoutMs: 10_000, logger: quiet });
      try {
        await sut.start();
        await until(() => sut.isAvailable(), 10_000);
        expect((await sut.listTools()).map((tool) => tool.name)).toContain('echo');
        const result = await sut.callTool('echo', { message: 'hello http' });
        expect(result).toEqual(expect.objectContaining({ isError: false, text: expect.stringContaining('hello http') }));
      } finally {
        await sut.close();
      }
    });
  });
});

describe('the stock SDK Client against our tools server', () => {
  let tools: StartedToolsServer;

  beforeAll(async () => {
    tools = await startToolsServer({ token: 'interop-token' });
  });

  afterAll(async () => {
    await tools.close();
  });

  it('initializes, lists tools with their metadata and calls one', async () => {
    const client = new Client({ name: 'stock-client', version: '1.0.0' });
    // With the gateway's session proof: the internal tools are listed too.
    const transport = new StreamableHTTPClientTransport(new URL(tools.url), {
      requestInit: { headers: { authorization: 'Bearer interop-token', [SESSION_PROOF_HEADER]: signSessionProof(tools.internalSecret) } },
    });
    try {
      await client.connect(transport);
      expect(client.getServerVersion()?.name).toBe('medcor-tools');
      expect(client.getServerCapabilities()?.tools?.listChanged).toBe(true);

      const { tools: listed } = await client.listTools();
      const add = listed.find((tool) => tool.name === 'add');
      expect(add).toEqual(
        expect.objectContaining({
          title: 'Add',
          annotations: expect.objectContaining({ readOnlyHint: true }),
          _meta: { 'medcor/audience': 'agent' },
          inputSchema: expect.objectContaining({
            type: 'object',
            properties: { a: { type: 'number' }, b: { type: 'number' } },
            required: ['a', 'b'],
          }),
        }),
      );
      expect(listed.find((tool) => tool.name === 'audit_note')?._meta).toEqual({ 'medcor/audience': 'internal' });

      const result = await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ sum: 42 });
      expect(result.content).toEqual([{ type: 'text', text: '42' }]);
    } finally {
      await client.close();
    }
  });

  it('answers GET /health without a token and refuses /mcp without one', async () => {
    const health = await fetch(`${tools.baseUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', tools: 7 });

    const refused = await fetch(tools.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual(expect.objectContaining({ error: 'unauthorized' }));

    const wrong = await fetch(tools.url, {
      method: 'POST',
      headers: { authorization: 'Bearer nope', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
  });
});
