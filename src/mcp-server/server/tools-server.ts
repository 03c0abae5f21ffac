/**
 * Owns the medcor-tools HTTP server: Streamable HTTP at /mcp with stateful sessions, an
 * unauthenticated GET /health, optional bearer-token auth, and the session table.
 *
 * Sessions are stateful (an `mcp-session-id` per client) because stateless mode has no channel
 * for server-initiated messages: tools/list_changed needs the session's standalone GET stream,
 * and progress needs the call's own SSE stream. A restart forgets every session, so clients get
 * 404 "Session not found" and must initialize again (SdkMcpClient does this by itself).
 */
import { randomUUID } from 'node:crypto';
import { hostname as machineName, networkInterfaces } from 'node:os';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { SESSION_PROOF_HEADER } from '../../shared/mcp-assertion';
import type { ToolDefinition } from '../tools/tool-definition';
import { CallAssertionVerifier } from './call-assertions';
import { bearerTokenMatches } from '../../shared/auth';
import { BodyTooLargeError, readJsonBody, sendJson, sendJsonRpcError } from './http-helpers';
import { bareHostName, hostAllowed, originAllowed } from './host-check';
import { createSessionServer, ToolTable, type SessionTrust, type ToolsServerLogger } from './tool-dispatcher';

export interface ToolsServerOptions {
  tools: ToolDefinition[];
  /** When set, /mcp requires `Authorization: Bearer <token>`; /health never does. */
  token?: string;
  /**
   * MCP_INTERNAL_SECRET, shared with the gateway. Without it no session sees the internal tools
   * and no identity assertion is accepted.
   */
  internalSecret?: string;
  /**
   * Host names (MCP_ALLOWED_HOSTS) accepted in the Host header besides loopback and the bind
   * address: a request naming any other host is refused (DNS-rebinding protection).
   */
  allowedHosts?: string[];
  name?: string;
  version?: string;
  logger?: ToolsServerLogger;
  /** A session with no request for this long is closed (its client vanished without DELETE). */
  sessionIdleMs?: number;
  /**
   * Sessions open at once that did not prove they are the gateway (a holder of MCP_SERVER_TOKEN
   * alone, default 256). At the cap the longest idle of them (idle 10 s or more) is closed for a
   * new one; if none is, the new one gets 503 with Retry-After. The gateway's sessions never count.
   */
  maxUntrustedSessions?: number;
  /** How long an untrusted session must have been idle to be closed for a new one (default 10 s). */
  evictableIdleMs?: number;
  maxBodyBytes?: number;
  /**
   * Settles when the tools can work (the databases are open). Until then /health answers 503
   * `starting` and /mcp requests wait for it, so a client that connects early is answered as
   * soon as the server is ready instead of backing off and retrying later.
   */
  ready?: Promise<unknown>;
  /** How long an early /mcp request is held waiting for `ready` before a 503 (default 30 s). */
  readyWaitMs?: number;
  /** How many early /mcp requests may be held at once; more get a 503 at once (default 64). */
  maxHeldRequests?: number;
}

export interface ToolsServer {
  readonly httpServer: HttpServer;
  /** Resolves with the base URL (`http://host:port`) and the MCP endpoint (`…/mcp`). */
  listen(port: number, host?: string): Promise<{ url: string; mcpUrl: string; port: number }>;
  close(): Promise<void>;
  /** Replaces the tool list and tells every connected client (notifications/tools/list_changed). */
  setTools(tools: ToolDefinition[]): void;
  addTool(tool: ToolDefinition): void;
  sessionCount(): number;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: Server;
  lastSeen: number;
  /** Proven to be the gateway (MCP_INTERNAL_SECRET). */
  internal: boolean;
}

const SESSION_HEADER = 'mcp-session-id';

export function createToolsServer(options: ToolsServerOptions): ToolsServer {
  const table = new ToolTable(options.tools);
  const info = { name: options.name ?? 'medcor-tools', version: options.version ?? '0.1.0' };
  const logger = options.logger ?? defaultLogger;
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const sessionIdleMs = options.sessionIdleMs ?? 30 * 60_000;
  const maxUntrustedSessions = options.maxUntrustedSessions ?? 256;
  const evictableIdleMs = options.evictableIdleMs ?? 10_000;
  const sessions = new Map<string, Session>();
  const assertions = options.internalSecret ? new CallAssertionVerifier(options.internalSecret) : undefined;
  /** Filled by listen(): loopback, the bind address (or every local address for 0.0.0.0), extras. */
  const allowedHosts = new Set<string>();
  let starting = Boolean(options.ready);
  void options.ready?.then(() => (starting = false), () => undefined);
  const readyWaitMs = options.readyWaitMs ?? 30_000;
  const maxHeldRequests = options.maxHeldRequests ?? 64;
  let held = 0;

  const httpServer = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      logger.error('MCP request failed', { errorName: error instanceof Error ? error.name : typeof error });
      sendJsonRpcError(res, 500, -32603, 'Internal server error');
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health' && req.method === 'GET') {
      if (starting) sendJson(res, 503, { status: 'starting', tools: table.size });
      else sendJson(res, 200, { status: 'ok', tools: table.size });
      return;
    }
    if (path !== '/mcp') {
      sendJson(res, 404, { error: 'not_found' });
      return;
    }
    // Before the token: a browser lured by DNS rebinding must not even learn whether it is needed.
    if (!hostAllowed(req.headers.host, allowedHosts) || !originAllowed(req.headers.origin, allowedHosts)) {
      sendJsonRpcError(res, 403, -32000, 'Forbidden: this Host or Origin is not served here');
      return;
    }
    if (options.token && !bearerTokenMatches(req.headers.authorization, options.token)) {
      sendJson(res, 401, { error: 'unauthorized', message: 'A valid bearer token is required' }, {
        'www-authenticate': 'Bearer',
      });
      return;
    }
    if (starting && !(await waitUntilReady())) {
      sendJsonRpcError(res, 503, -32000, 'The tools server is starting; retry shortly');
      return;
    }
    if (req.method === 'POST') return handlePost(req, res);
    if (req.method === 'GET' || req.method === 'DELETE') return handleSessionRequest(req, res);
    sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'GET, POST, DELETE' });
  }

  /**
   * Holds an authenticated early request until `ready`, bounded in time and in number so a
   * database that never opens cannot pin sockets forever. False means: answer 503.
   */
  async function waitUntilReady(): Promise<boolean> {
    if (held >= maxHeldRequests) return false;
    held++;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, readyWaitMs)));
      await Promise.race([options.ready, timedOut]);
      return !starting;
    } finally {
      clearTimeout(timer);
      held--;
    }
  }

  async function handlePost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = await readJsonBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) sendJsonRpcError(res, 413, -32600, error.message);
      else sendJsonRpcError(res, 400, -32700, 'Parse error: the body is not valid JSON');
      return;
    }
    const sessionId = header(req, SESSION_HEADER);
    if (sessionId) {
      const session = sessions.get(sessionId);
      if (!session) return sendJsonRpcError(res, 404, -32001, 'Session not found');
      session.lastSeen = Date.now();
      return session.transport.handleRequest(req, res, body);
    }
    const messages = Array.isArray(body) ? body : [body];
    if (!messages.some((message) => isInitializeRequest(message))) {
      return sendJsonRpcError(res, 400, -32000, 'Bad Request: no session id, and not an initialize request');
    }
    const internal = assertions?.sessionProven(header(req, SESSION_PROOF_HEADER)) ?? false;
    if (!internal && !roomForUntrustedSession()) {
      res.setHeader('retry-after', '5');
      return sendJsonRpcError(res, 503, -32000, `Too many open MCP sessions (${maxUntrustedSessions}): close one with DELETE, or retry later`);
    }
    const session = await openSession({ internal, assertions });
    await session.transport.handleRequest(req, res, body);
  }

  /** True when a new untrusted session may open, closing the longest idle one at the cap. */
  function roomForUntrustedSession(): boolean {
    let open = 0;
    let idlest: [string, Session] | undefined;
    for (const entry of sessions) {
      if (entry[1].internal) continue;
      open++;
      if (!idlest || entry[1].lastSeen < idlest[1].lastSeen) idlest = entry;
    }
    if (open < maxUntrustedSessions) return true;
    if (!idlest || Date.now() - idlest[1].lastSeen < evictableIdleMs) return false;
    sessions.delete(idlest[0]);
    void idlest[1].server.close().catch(() => undefined);
    return true;
  }

  async function handleSessionRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sessionId = header(req, SESSION_HEADER);
    if (!sessionId) return sendJsonRpcError(res, 400, -32000, 'Bad Request: mcp-session-id header is required');
    const session = sessions.get(sessionId);
    if (!session) return sendJsonRpcError(res, 404, -32001, 'Session not found');
    session.lastSeen = Date.now();
    await session.transport.handleRequest(req, res);
  }

  async function openSession(trust: SessionTrust): Promise<Session> {
    const server = createSessionServer(table, info, logger, trust);
    const session: Session = {
      server,
      internal: trust.internal,
      lastSeen: Date.now(),
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          sessions.set(id, session);
        },
        onsessionclosed: (id) => {
          sessions.delete(id);
        },
      }),
    };
    server.onclose = () => {
      if (session.transport.sessionId) sessions.delete(session.transport.sessionId);
    };
    await server.connect(session.transport);
    return session;
  }

  function notifyToolsChanged(): void {
    for (const session of sessions.values()) {
      session.server.sendToolListChanged().catch(() => {
        // The client's notification stream may be gone; it refreshes its list on reconnect anyway.
      });
    }
  }

  const sweep = setInterval(() => {
    const cutoff = Date.now() - sessionIdleMs;
    for (const [id, session] of sessions) {
      if (session.lastSeen < cutoff) {
        sessions.delete(id);
        void session.server.close().catch(() => undefined);
      }
    }
  }, Math.min(60_000, sessionIdleMs));
  sweep.unref();

  return {
    httpServer,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        httpServer.once('error', onError);
        httpServer.listen(port, host, () => {
          httpServer.off('error', onError);
          const actual = (httpServer.address() as AddressInfo).port;
          allowedHosts.clear();
          for (const name of servedHostNames(host, options.allowedHosts ?? [])) allowedHosts.add(name);
          const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
          const url = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${actual}`;
          resolve({ url, mcpUrl: `${url}/mcp`, port: actual });
        });
      });
    },
    async close() {
      clearInterval(sweep);
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.allSettled(open.map((session) => session.server.close()));
      await new Promise<void>((resolve) => {
        if (!httpServer.listening) return resolve();
        httpServer.close(() => resolve());
        // Open SSE streams would keep close() waiting forever.
        httpServer.closeAllConnections();
      });
    },
    setTools(tools) {
      table.replace(tools);
      notifyToolsChanged();
    },
    addTool(tool) {
      table.replace([...table.definitions(), tool]);
      notifyToolsChanged();
    },
    sessionCount: () => sessions.size,
  };
}

/**
 * The names a legitimate client may put in the Host header. A wildcard bind answers on every
 * interface, so every local address and the machine name count; service DNS names (compose,
 * Kubernetes) come from MCP_ALLOWED_HOSTS.
 */
function servedHostNames(bindHost: string, extra: string[]): string[] {
  const names = ['localhost', '127.0.0.1', '::1', bindHost, ...extra];
  if (bindHost === '0.0.0.0' || bindHost === '::') {
    names.push(machineName());
    for (const addresses of Object.values(networkInterfaces())) {
      for (const address of addresses ?? []) names.push(address.address);
    }
  }
  return names.map(bareHostName);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Without a logger, only problems are written (as JSON lines on stderr). */
const defaultLogger: ToolsServerLogger = {
  log: () => undefined,
  warn: (message, context) => console.error(JSON.stringify({ level: 'warn', message, ...context })),
  error: (message, context) => console.error(JSON.stringify({ level: 'error', message, ...context })),
};
