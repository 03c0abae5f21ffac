import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { McpServerConnection } from './mcp-server-connection';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

/** A real SDK client over an in-memory transport to a one-tool server, put in the connection's place. */
async function connectionWithSdkClient(): Promise<{ sut: McpServerConnection; close: () => Promise<void> }> {
  const server = new Server({ name: 'echo', version: '1' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [{ name: 'echo', inputSchema: { type: 'object' } }] }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    if (request.params.name === 'slow') await new Promise((resolve) => setTimeout(resolve, 300));
    return { content: [{ type: 'text', text: 'ok' }] };
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(clientSide);
  const sut = new McpServerConnection({
    name: 'echo',
    config: { url: 'http://127.0.0.1:1/mcp' },
    timeoutMs: 60_000,
    reconnect: { initialDelayMs: 1000, maxDelayMs: 1000 },
    pingIntervalMs: 60_000,
    logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
    onChange: () => undefined,
  });
  Object.assign(sut as unknown as { client: Client; connected: boolean }, { client, connected: true });
  return { sut, close: () => Promise.all([client.close(), server.close()]).then(() => undefined) };
}

describe('McpServerConnection.callTool leaves nothing reachable after a call', () => {
  it('lets 1,000 calls worth of jobs be collected while the task signal lives on, and leaves no listener on it', async () => {
    const { sut, close } = await connectionWithSdkClient();
    const task = new AbortController(); // a long-lived task signal, as the runner's
    const jobs: WeakRef<object>[] = [];
    try {
      for (let i = 0; i < 1000; i++) {
        // Stands for the Bull job the progress callback reaches in the worker.
        const job = { id: i, payload: 'x'.repeat(100) };
        jobs.push(new WeakRef(job));
        const result = await sut.callTool('echo', {}, { signal: task.signal, timeoutMs: 60_000, onProgress: () => void job.id });
        expect(result.isError).toBe(false);
      }
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      gc();
      expect(jobs.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
      expect(getEventListeners(task.signal, 'abort')).toHaveLength(0);
    } finally {
      await close();
    }
  });

  it('still aborts a call when the task is cancelled, and times out on its own', async () => {
    const { sut, close } = await connectionWithSdkClient();
    try {
      const cancelled = new AbortController();
      cancelled.abort();
      await expect(sut.callTool('echo', {}, { signal: cancelled.signal, timeoutMs: 60_000 })).rejects.toMatchObject({ code: 'cancelled' });
      await expect(sut.callTool('slow', {}, { signal: new AbortController().signal, timeoutMs: 50 })).rejects.toMatchObject({ code: 'timeout' });
    } finally {
      await close();
    }
  });
});
