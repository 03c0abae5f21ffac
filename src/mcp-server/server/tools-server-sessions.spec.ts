/**
 * Sessions of callers that did not prove they are the gateway are capped (audit: 20,000 initialize
 * requests with the bearer token alone held 480 MB for 30 minutes): at the cap a new one gets 503
 * with Retry-After while the others are active, and the gateway's proven sessions still open.
 */
import { SESSION_PROOF_HEADER, signSessionProof } from '../../shared/mcp-assertion/mcp-assertion';
import { initializeSession } from '../../../test/helpers/mcp-initialize';
import { createToolsServer, type ToolsServer } from './tools-server';

const SECRET = 'internal-secret-for-the-session-cap-spec-0123456789';

describe('tools server session cap', () => {
  let sut: ToolsServer;
  let mcpUrl: string;
  const initialize = (headers: Record<string, string> = {}) => initializeSession(mcpUrl, { authorization: 'Bearer sekret', ...headers });

  beforeAll(async () => {
    sut = createToolsServer({ tools: [], token: 'sekret', internalSecret: SECRET, maxUntrustedSessions: 3 });
    ({ mcpUrl } = await sut.listen(0, '127.0.0.1'));
  });
  afterAll(() => sut.close());

  it('opens three token-only sessions, refuses a fourth with 503 and Retry-After, and still opens the gateway’s', async () => {
    for (let i = 0; i < 3; i++) expect((await initialize()).status).toBe(200);
    const refused = await initialize();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({ error: { message: expect.stringMatching(/Too many open MCP sessions \(3\)/) } });
    expect(sut.sessionCount()).toBe(3);
    const gateway = await initialize({ [SESSION_PROOF_HEADER]: signSessionProof(SECRET) });
    expect(gateway.status).toBe(200);
    expect(sut.sessionCount()).toBe(4);
  });

  it('closes the longest idle token-only session for a new one once it has been idle long enough', async () => {
    const small = createToolsServer({ tools: [], token: 'sekret', internalSecret: SECRET, maxUntrustedSessions: 2, evictableIdleMs: 200 });
    const { mcpUrl: url } = await small.listen(0, '127.0.0.1');
    try {
      const open = (headers: Record<string, string> = {}) => initializeSession(url, { authorization: 'Bearer sekret', ...headers });
      const first = (await open()).headers.get('mcp-session-id')!;
      await new Promise((r) => setTimeout(r, 100));
      expect((await open()).status).toBe(200);
      expect((await open()).status).toBe(503);
      await new Promise((r) => setTimeout(r, 150));
      // The first is now idle 250 ms, the second 150 ms: the first goes.
      expect((await open()).status).toBe(200);
      expect(small.sessionCount()).toBe(2);
      const gone = await fetch(url, { method: 'GET', headers: { authorization: 'Bearer sekret', 'mcp-session-id': first, accept: 'text/event-stream' } });
      expect(gone.status).toBe(404);
    } finally {
      await small.close();
    }
  });
});
