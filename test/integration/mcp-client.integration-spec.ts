/**
 * SdkMcpClient against our own tools server over real Streamable HTTP: listing, calling, every
 * error path, progress, abort, timeout, auth, namespacing, list_changed, and surviving a restart.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../src/core/errors';
import { SdkMcpClient, type SdkMcpClientOptions } from '../../src/core/mcp/sdk-mcp-client';
import { defineTool } from '../../src/mcp-server/tools/tool-definition';
import { startToolsServer, testTools, type StartedToolsServer } from '../helpers/mcp-tools-server';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Date.now() - started;
}

async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the call to throw');
}

const clients: SdkMcpClient[] = [];
async function connect(servers: SdkMcpClientOptions['servers'], extra: Partial<SdkMcpClientOptions> = {}) {
  const sut = new SdkMcpClient({
    servers,
    timeoutMs: 5000,
    reconnect: { initialDelayMs: 200, maxDelayMs: 1000 },
    pingIntervalMs: 1000,
    logger: quiet,
    ...extra,
  });
  clients.push(sut);
  await sut.start();
  return sut;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

describe('SdkMcpClient with one tools server', () => {
  let server: StartedToolsServer;
  let sut: SdkMcpClient;

  beforeAll(async () => {
    server = await startToolsServer({ token: 'test-token' });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    sut = await connect({ medcor: { url: server.url, token: 'test-token', internalSecret: server.internalSecret } });
  });

  it('lists the tools with their schema and audience', async () => {
    expect(sut.isAvailable()).toBe(true);
    const tools = await sut.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['add', 'audit_note', 'crash', 'echo', 'refuse', 'slow', 'whoami']);
    expect(tools.find((tool) => tool.name === 'add')).toEqual({
      name: 'add',
      server: 'medcor',
      originalName: 'add',
      title: 'Add',
      description: 'Adds two numbers.',
      inputSchema: expect.objectContaining({ type: 'object', required: ['a', 'b'] }),
      audience: 'agent',
    });
    expect(tools.find((tool) => tool.name === 'audit_note')?.audience).toBe('internal');
    expect(sut.status()).toEqual([{ name: 'medcor', transport: 'http', connected: true, toolCount: 7 }]);
  });

  it('returns text and structured data, and sends the request id in _meta', async () => {
    const requestId = randomUUID();
    const result = await sut.callTool('echo', { message: 'hi' }, { requestId });
    expect(result).toEqual({ isError: false, text: 'hi', data: { message: 'hi', requestId } });
    // An id that is not opaque could carry words into the tools server's logs and audit: dropped.
    const wordy = await sut.callTool('echo', { message: 'hi' }, { requestId: 'jane-doe-1950-01-01' });
    expect(wordy.data).toEqual({ message: 'hi', requestId: null });
  });

  it('returns a ToolError as isError with its code', async () => {
    const result = await sut.callTool('refuse', {});
    expect(result.isError).toBe(true);
    expect(result.errorCode).toBe('refused');
    expect(JSON.parse(result.text)).toEqual({ error: 'Refused on purpose', code: 'refused', details: { reason: 'test' } });
  });

  it('returns an unexpected exception as isError internal without its message', async () => {
    const result = await sut.callTool('crash', {});
    expect(result).toEqual(expect.objectContaining({ isError: true, errorCode: 'internal' }));
    expect(result.text).not.toContain('secret detail');
  });

  it('returns bad arguments as isError invalid_argument and the server keeps serving', async () => {
    const result = await sut.callTool('add', { a: 'one', b: 2 });
    expect(result.isError).toBe(true);
    expect(result.errorCode).toBe('invalid_argument');
    expect(JSON.parse(result.text).details.issues).toEqual([expect.objectContaining({ path: 'a' })]);

    expect(await sut.callTool('add', { a: 1, b: 2 })).toEqual(expect.objectContaining({ isError: false, text: '3' }));
    expect(await (await fetch(`${server.baseUrl}/health`)).json()).toEqual({ status: 'ok', tools: 7 });
  });

  it('answers an unknown tool name as isError not_found', async () => {
    expect(await sut.callTool('no_such_tool', {})).toEqual(expect.objectContaining({ isError: true, errorCode: 'not_found' }));
  });

  it('forwards progress notifications', async () => {
    const seen: Array<{ progress: number; total?: number; message?: string }> = [];
    const result = await sut.callTool('slow', { steps: 3, stepMs: 10 }, { onProgress: (p) => seen.push(p) });
    expect(result.isError).toBe(false);
    expect(seen).toEqual([
      { progress: 1, total: 3, message: 'step 1' },
      { progress: 2, total: 3, message: 'step 2' },
      { progress: 3, total: 3, message: 'step 3' },
    ]);
  });

  it('throws Cancelled within about 100 ms of the caller aborting', async () => {
    const controller = new AbortController();
    const call = sut.callTool('slow', { steps: 50, stepMs: 100 }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const abortedAt = Date.now();
    controller.abort();
    const error = await caught(call);
    const elapsed = Date.now() - abortedAt;
    expect(error.code).toBe(ErrorCode.Cancelled);
    expect(elapsed).toBeLessThan(100);
    // The connection is still good after a cancellation.
    expect(await sut.callTool('add', { a: 1, b: 1 })).toEqual(expect.objectContaining({ text: '2' }));
  });

  it('throws a transient Timeout when the tool outlasts timeoutMs', async () => {
    const startedAt = Date.now();
    const error = await caught(sut.callTool('slow', { steps: 10, stepMs: 200 }, { timeoutMs: 300 }));
    expect(error.code).toBe(ErrorCode.Timeout);
    expect(error.transient).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(1000);
  });

  it('treats a wrong token as unavailable, never connected', async () => {
    const wrong = await connect({ medcor: { url: server.url, token: 'wrong' } });
    expect(wrong.isAvailable()).toBe(false);
    expect(wrong.status()[0]).toEqual(expect.objectContaining({ connected: false, lastError: expect.stringContaining('401') }));
    const error = await caught(wrong.callTool('echo', { message: 'x' }));
    expect(error.code).toBe(ErrorCode.McpUnavailable);
    expect(error.transient).toBe(true);
    expect(await wrong.ping(500)).toBe(false);
  });

  it('answers ping', async () => {
    expect(await sut.ping(1000)).toBe(true);
  });
});

describe('the tools server under failing and cancelled tools', () => {
  it('logs an unexpected exception without its message or the arguments', async () => {
    const lines: string[] = [];
    const capture = (message: string, context?: Record<string, unknown>) => lines.push(`${message} ${JSON.stringify(context)}`);
    const server = await startToolsServer({ logger: { log: capture, warn: capture, error: capture } });
    try {
      const sut = await connect({ medcor: { url: server.url } });
      const requestId = randomUUID();
      const result = await sut.callTool('crash', { note: 'Jane Patient-Doe' }, { requestId });
      expect(result.errorCode).toBe('internal');
      expect(result.text).not.toContain('Jane');
      expect(lines).toEqual([expect.stringContaining('"tool":"crash"')]);
      expect(lines[0]).toContain(requestId);
      expect(lines.join('\n')).not.toContain('Jane');
      expect(lines.join('\n')).not.toContain('secret detail');
    } finally {
      await server.close();
    }
  });

  it('passes the caller abort through to the tool signal', async () => {
    let toolSawAbortAt = 0;
    const server = await startToolsServer({
      tools: [
        defineTool({
          name: 'wait_for_abort',
          title: 'Wait',
          description: 'Resolves only when cancelled.',
          inputSchema: {},
          audience: 'agent',
          readOnly: true,
          handler: (_args, ctx) =>
            new Promise((resolve) => {
              ctx.signal.addEventListener('abort', () => {
                toolSawAbortAt = Date.now();
                resolve({ text: 'aborted' });
              });
            }),
        }),
      ],
    });
    try {
      const sut = await connect({ medcor: { url: server.url } });
      const controller = new AbortController();
      const call = sut.callTool('wait_for_abort', {}, { signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const abortedAt = Date.now();
      controller.abort();
      expect((await caught(call)).code).toBe(ErrorCode.Cancelled);
      await waitFor(() => toolSawAbortAt > 0, 1000);
      expect(toolSawAbortAt - abortedAt).toBeLessThan(500);
    } finally {
      await server.close();
    }
  });
});

describe('SdkMcpClient with several servers and changing tools', () => {
  it('namespaces a tool name two servers share, and only that one', async () => {
    const first = await startToolsServer();
    const second = await startToolsServer({
      tools: [testTools()[0], defineTool({
        name: 'only_here',
        title: 'Only here',
        description: 'Unique to the second server.',
        inputSchema: {},
        audience: 'agent',
        readOnly: true,
        handler: async () => ({ text: 'second' }),
      })],
    });
    try {
      const sut = await connect({ first: { url: first.url }, second: { url: second.url } });
      const names = (await sut.listTools()).map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(['first__echo', 'second__echo', 'add', 'only_here']));
      expect(names).not.toContain('echo');
      expect((await sut.listTools()).find((tool) => tool.name === 'second__echo')).toEqual(
        expect.objectContaining({ server: 'second', originalName: 'echo' }),
      );
      expect((await sut.callTool('second__echo', { message: 'to second' })).text).toBe('to second');
      expect((await sut.callTool('only_here', {})).text).toBe('second');
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('refreshes its tool list on notifications/tools/list_changed', async () => {
    const server = await startToolsServer();
    try {
      const sut = await connect({ medcor: { url: server.url } });
      expect((await sut.listTools()).map((tool) => tool.name)).not.toContain('late_tool');
      server.server.addTool(
        defineTool({
          name: 'late_tool',
          title: 'Late',
          description: 'Added after the client connected.',
          inputSchema: { n: z.number() },
          audience: 'agent',
          readOnly: true,
          handler: async ({ n }) => ({ text: `late ${n}` }),
        }),
      );
      await waitFor(async () => (await sut.listTools()).some((tool) => tool.name === 'late_tool'), 3000);
      expect((await sut.callTool('late_tool', { n: 7 })).text).toBe('late 7');
    } finally {
      await server.close();
    }
  });

  it('notices a stopped server, fails calls as transient McpUnavailable, and recovers by itself after a restart', async () => {
    const server = await startToolsServer();
    try {
      const sut = await connect({ medcor: { url: server.url } });
      expect(sut.isAvailable()).toBe(true);

      await server.stop();
      const downAfterMs = await waitFor(() => !sut.isAvailable(), 5000);
      const error = await caught(sut.callTool('echo', { message: 'x' }));
      expect(error.code).toBe(ErrorCode.McpUnavailable);
      expect(error.transient).toBe(true);
      expect(await sut.ping(500)).toBe(false);
      expect(await sut.listTools()).toEqual([]);
      expect(sut.status()[0]).toEqual(expect.objectContaining({ connected: false, lastError: expect.any(String) }));

      await server.restart();
      const upAfterMs = await waitFor(() => sut.isAvailable(), 5000);
      expect((await sut.callTool('echo', { message: 'back' })).text).toBe('back');
      expect(downAfterMs).toBeLessThan(3000);
      expect(upAfterMs).toBeLessThan(3000);
    } finally {
      await server.close();
    }
  });

  it('fails an in-flight call as McpUnavailable when the server dies under it', async () => {
    const server = await startToolsServer();
    try {
      const sut = await connect({ medcor: { url: server.url } }, { timeoutMs: 20_000 });
      const call = sut.callTool('slow', { steps: 100, stepMs: 100 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const stoppedAt = Date.now();
      await server.stop();
      const error = await caught(call);
      expect(error.code).toBe(ErrorCode.McpUnavailable);
      expect(Date.now() - stoppedAt).toBeLessThan(3000);
    } finally {
      await server.close();
    }
  });

  it('starts without throwing when the server is down, then connects once it appears', async () => {
    const server = await startToolsServer();
    await server.stop();
    try {
      const sut = await connect({ medcor: { url: server.url } });
      expect(sut.isAvailable()).toBe(false);
      expect(await caught(sut.callTool('echo', { message: 'x' }))).toEqual(
        expect.objectContaining({ code: ErrorCode.McpUnavailable, transient: true }),
      );
      await server.restart();
      await waitFor(() => sut.isAvailable(), 5000);
      expect((await sut.callTool('echo', { message: 'late start' })).text).toBe('late start');
    } finally {
      await server.close();
    }
  });
});
