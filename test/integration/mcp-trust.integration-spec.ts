/**
 * Attacks medcor-tools as an outsider would, over real Streamable HTTP with the stock SDK client,
 * against the real tools on a fresh PostgreSQL database: an anonymous client (loopback server
 * without a token) and a client holding only MCP_SERVER_TOKEN must not see or call the internal
 * tools, must not act as a user they name, and cannot reuse a gateway assertion they captured;
 * a foreign Host or Origin is refused (DNS rebinding). The gateway's own session shows that the
 * identity comes from the signed assertion and never from the arguments.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import jwt from 'jsonwebtoken';
import { request as httpRequest } from 'node:http';
import { Client as PgClient } from 'pg';
import { SdkMcpClient } from '../../src/core/mcp/sdk-mcp-client';
import { createDatabaseRegistry, type DatabaseRegistry } from '../../src/mcp-server/db/database-registry';
import { buildTools } from '../../src/mcp-server/tools';
import {
  argsDigest,
  ASSERTION_META_KEY,
  CALL_AUDIENCE,
  SESSION_PROOF_HEADER,
  signCallAssertion,
  signSessionProof,
  type AssertedActor,
} from '../../src/shared/mcp-assertion';
import { randomInternalSecret, startToolsServer, type StartedToolsServer } from '../helpers/mcp-tools-server';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const INTERNAL_TOOLS = ['patient_access_check', 'patient_record', 'cohort_statistics', 'audit_append', 'audit_list'];
const TOKEN = 'only-the-server-token-0123456789';

let database: TestDatabase;
let registry: DatabaseRegistry;
let db: PgClient;
let secret: string;
let open: StartedToolsServer;
let guarded: StartedToolsServer;
let patientId: number;
let onTeam: string;
let offTeam: string;
const clients: Client[] = [];

beforeAll(async () => {
  database = await createTestDatabase(30);
  registry = await createDatabaseRegistry({ databaseUrl: database.url });
  const tools = buildTools({ registry });
  secret = randomInternalSecret();
  open = await startToolsServer({ tools, internalSecret: secret });
  guarded = await startToolsServer({ tools, token: TOKEN, internalSecret: secret });
  db = new PgClient({ connectionString: database.url });
  await db.connect();
  const team = await db.query<{ patient_id: number; user_id: string }>('SELECT patient_id, user_id FROM medcor.care_team ORDER BY patient_id, role LIMIT 1');
  ({ patient_id: patientId, user_id: onTeam } = team.rows[0]);
  const other = await db.query<{ user_id: string }>(
    'SELECT user_id FROM medcor.providers WHERE user_id NOT IN (SELECT user_id FROM medcor.care_team WHERE patient_id = $1) ORDER BY id LIMIT 1',
    [patientId],
  );
  offTeam = other.rows[0].user_id;
}, 120_000);

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  await db?.end();
  await open?.close();
  await guarded?.close();
  await registry?.close();
  await database?.drop();
});

async function connect(server: StartedToolsServer, headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'outsider', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers } }));
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>, assertion?: string): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args, ...(assertion ? { _meta: { [ASSERTION_META_KEY]: assertion } } : {}) })) as CallToolResult;
}

function errorOf(result: CallToolResult): { code: string; error: string } {
  expect(result.isError).toBe(true);
  return JSON.parse((result.content[0] as { text: string }).text) as { code: string; error: string };
}

const auditRowsBy = async (actor: string) =>
  (await db.query<{ actor: string; actor_roles: string[]; action: string }>('SELECT actor, actor_roles, action FROM medcor_audit.audit_log WHERE actor = $1', [actor])).rows;

/** An assertion signed like the gateway's, but already expired (issued two minutes ago). */
function expiredAssertion(actor: AssertedActor, tool: string, args: Record<string, unknown>): string {
  const issued = Math.floor(Date.now() / 1000) - 120;
  return jwt.sign({ roles: actor.roles, tool, args_sha256: argsDigest(args), iat: issued, exp: issued + 60 }, secret, {
    algorithm: 'HS256', audience: CALL_AUDIENCE, issuer: 'medcor-gateway', subject: actor.userId, jwtid: `old-${issued}`,
  });
}

describe.each([
  ['an anonymous client (loopback server without a token)', () => open, {}],
  ['a client holding only MCP_SERVER_TOKEN', () => guarded, { authorization: `Bearer ${TOKEN}` }],
])('%s', (_name, server: () => StartedToolsServer, headers: Record<string, string>) => {
  it('lists the agent tools and none of the internal ones', async () => {
    const client = await connect(server(), headers);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('sql_query');
    expect(names.filter((name) => INTERNAL_TOOLS.includes(name))).toEqual([]);
  });

  it('gets "Unknown tool" for patient_record naming a care-team clinician in the arguments', async () => {
    const client = await connect(server(), headers);
    const args = { patient_id: patientId, user_id: onTeam, clinician_id: onTeam, roles: ['clinician'], purpose: 'treatment' };
    const error = errorOf(await call(client, 'patient_record', args));
    expect(error).toEqual({ code: 'not_found', error: 'Unknown tool: patient_record' });
    expect(JSON.stringify(await call(client, 'patient_access_check', args))).not.toContain('allowed');
  });

  it('cannot write an audit row with an actor of its choosing', async () => {
    const client = await connect(server(), headers);
    const forged = `forged.${Date.now()}`;
    const error = errorOf(await call(client, 'audit_append', { actor: forged, actor_roles: ['admin'], action: 'patient_record_read', outcome: 'success' }));
    expect(error.code).toBe('not_found');
    expect(await auditRowsBy(forged)).toEqual([]);
  });

  it('cannot reuse a captured gateway assertion for other arguments or another tool', async () => {
    const client = await connect(server(), headers);
    const actor = { userId: onTeam, roles: ['clinician'] };
    const captured = signCallAssertion(secret, { actor, tool: 'sql_query', args: { sql: 'SELECT 1' } });
    expect(errorOf(await call(client, 'sql_query', { sql: 'SELECT count(*) FROM medcor.patients' }, captured))).toMatchObject({
      code: 'forbidden',
      error: expect.stringMatching(/other arguments/),
    });
    expect(errorOf(await call(client, 'list_tables', { sql: 'SELECT 1' }, captured))).toMatchObject({ code: 'forbidden', error: expect.stringMatching(/another tool/) });
  });

  it('cannot run the SQL tools or analyze_code without an assertion on a server that verifies them, and is not audited as "anonymous"', async () => {
    const client = await connect(server(), headers);
    for (const [tool, args] of [['sql_query', { sql: 'SELECT count(*) FROM medcor.patients' }], ['list_tables', {}], ['describe_table', { table: 'patients' }], ['explain_query', { sql: 'SELECT 1' }], ['analyze_code', { code: 'x = 1', language: 'python' }]] as const) {
      expect([tool, errorOf(await call(client, tool, args)).code]).toEqual([tool, 'forbidden']);
    }
    expect(await auditRowsBy('anonymous')).toEqual([]);
    // Tools that read no patient data stay open to an MCP client.
    expect((await call(client, 'list_databases', {})).isError).toBeFalsy();
  });

  it('cannot use an expired assertion', async () => {
    const client = await connect(server(), headers);
    const args = { sql: 'SELECT 1' };
    const expired = expiredAssertion({ userId: onTeam, roles: ['clinician'] }, 'sql_query', args);
    expect(errorOf(await call(client, 'sql_query', args, expired))).toMatchObject({ code: 'forbidden', error: expect.stringMatching(/expired/) });
  });
});

describe("the gateway's session (session proof + one signed assertion per call)", () => {
  const gateway = () => connect(guarded, { authorization: `Bearer ${TOKEN}`, [SESSION_PROOF_HEADER]: signSessionProof(secret) });
  const clinician = (userId: string): AssertedActor => ({ userId, roles: ['clinician'], purpose: 'treatment' });
  const signed = (actor: AssertedActor, tool: string, args: Record<string, unknown>) => signCallAssertion(secret, { actor, tool, args });

  it('lists the internal tools', async () => {
    const names = (await (await gateway()).listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(INTERNAL_TOOLS));
  });

  it('refuses an internal tool called without an assertion', async () => {
    const client = await gateway();
    expect(errorOf(await call(client, 'patient_record', { patient_id: patientId, purpose: 'treatment' })).code).toBe('forbidden');
  });

  it('reads the record for the asserted clinician only, whoever the arguments name', async () => {
    const client = await gateway();
    const naming = { patient_id: patientId, user_id: onTeam, clinician_id: onTeam, roles: ['clinician'], purpose: 'treatment' };
    const refused = errorOf(await call(client, 'patient_record', naming, signed(clinician(offTeam), 'patient_record', naming)));
    expect(refused).toMatchObject({ code: 'forbidden', error: expect.stringMatching(/care team/) });

    const args = { patient_id: patientId, purpose: 'treatment' };
    const read = await call(client, 'patient_record', args, signed(clinician(onTeam), 'patient_record', args));
    expect(read.isError).toBeFalsy();
    expect(read.structuredContent).toMatchObject({ patient: expect.objectContaining({ id: patientId }) });
  });

  it('refuses a second use of the same assertion, and its use for another patient', async () => {
    const client = await gateway();
    const args = { patient_id: patientId, purpose: 'treatment' };
    const assertion = signed(clinician(onTeam), 'patient_record', args);
    expect((await call(client, 'patient_record', args, assertion)).isError).toBeFalsy();
    expect(errorOf(await call(client, 'patient_record', args, assertion))).toMatchObject({ code: 'forbidden', error: expect.stringMatching(/already used/) });
    const other = { ...args, patient_id: patientId + 1 };
    expect(errorOf(await call(client, 'patient_record', other, signed(clinician(onTeam), 'patient_record', args)))).toMatchObject({
      code: 'forbidden',
      error: expect.stringMatching(/other arguments/),
    });
  });

  it('writes audit rows in the asserted name, ignoring an actor in the arguments', async () => {
    const client = await gateway();
    const forged = `forged.${Date.now()}`;
    const real = `real.${Date.now()}`;
    const args = { actor: forged, actor_roles: ['admin'], action: 'patient_record_read', outcome: 'success' };
    const result = await call(client, 'audit_append', args, signed({ userId: real, roles: ['clinician'] }, 'audit_append', args));
    expect(result.isError).toBeFalsy();
    expect(await auditRowsBy(forged)).toEqual([]);
    expect(await auditRowsBy(real)).toEqual([{ actor: real, actor_roles: ['clinician'], action: 'patient_record_read' }]);
  });

  it('lets only an auditor or admin list the audit log', async () => {
    const client = await gateway();
    const args = { limit: 1 };
    const refused = errorOf(await call(client, 'audit_list', args, signed(clinician(onTeam), 'audit_list', args)));
    expect(refused.code).toBe('forbidden');
    const listed = await call(client, 'audit_list', args, signed({ userId: 'audit.amy', roles: ['auditor'] }, 'audit_list', args));
    expect(listed.isError).toBeFalsy();
  });
});

describe("the gateway's own client (SdkMcpClient)", () => {
  const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
  const gatewayClient = async (internalSecret?: string) => {
    const client = new SdkMcpClient({ servers: { medcor: { url: guarded.url, token: TOKEN, ...(internalSecret ? { internalSecret } : {}) } }, timeoutMs: 5000, logger: quiet });
    await client.start();
    return client;
  };

  it('signs the actor it is given: the audit row carries that user, whatever the arguments say', async () => {
    const client = await gatewayClient(secret);
    try {
      const user = `gw.${Date.now()}`;
      const result = await client.callTool(
        'audit_append',
        { actor: 'someone.else', action: 'patient_access', outcome: 'denied' },
        { actor: { userId: user, roles: ['clinician'], purpose: 'treatment', taskId: 'task-9' } },
      );
      expect(result.isError).toBe(false);
      expect(await auditRowsBy(user)).toEqual([{ actor: user, actor_roles: ['clinician'], action: 'patient_access' }]);
    } finally {
      await client.close();
    }
  });

  it('without MCP_INTERNAL_SECRET sees no internal tool, as an outsider', async () => {
    const client = await gatewayClient();
    try {
      expect((await client.listTools()).map((tool) => tool.name)).not.toContain('audit_append');
      const result = await client.callTool('audit_append', { action: 'x', outcome: 'y' }, { actor: { userId: 'gw', roles: [] } });
      expect(result.errorCode).toBe('not_found');
    } finally {
      await client.close();
    }
  });
});

describe('DNS-rebinding protection', () => {
  const initialize = JSON.stringify({
    jsonrpc: '2.0', id: 1, method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'page', version: '1' } },
  });
  /** node:http, because fetch does not let a caller choose the Host header. */
  const post = (port: number, headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(initialize);
    });

  it('refuses a request whose Host or Origin names a foreign site, and serves loopback names', async () => {
    expect(await post(open.port, { host: `rebound.attacker.example:${open.port}` })).toBe(403);
    expect(await post(open.port, { host: `127.0.0.1:${open.port}`, origin: 'http://rebound.attacker.example' })).toBe(403);
    expect(await post(open.port, { host: `localhost:${open.port}` })).toBe(200);
    expect(await post(open.port, { host: `127.0.0.1:${open.port}`, origin: `http://localhost:${open.port}` })).toBe(200);
  });

  it('serves a name listed in MCP_ALLOWED_HOSTS', async () => {
    const listed = await startToolsServer({ allowedHosts: ['medcor-tools'] });
    try {
      expect(await post(listed.port, { host: `medcor-tools:${listed.port}` })).toBe(200);
      expect(await post(listed.port, { host: `other-tools:${listed.port}` })).toBe(403);
    } finally {
      await listed.close();
    }
  });
});
