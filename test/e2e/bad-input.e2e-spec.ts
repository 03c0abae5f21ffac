/**
 * Bad input on every endpoint the OpenAPI document lists (so a new endpoint is fuzzed without
 * being named here): malformed JSON, wrong types, huge strings, deep nesting, unknown fields,
 * Unicode edge cases and forged tokens, generated with fast-check. The service must never answer
 * 500, never hang, and always use the documented error shape.
 */
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import { createTestApp, TestApp } from '../helpers/test-app';

interface Operation {
  method: 'get' | 'post' | 'delete' | 'put' | 'patch';
  path: string;
  fields: string[];
  isPublic: boolean;
}

const UNICODE_EDGES = ['\u0000', '\ud800', '\udfff', '\u202e', '\ufeff', '\u200d', '👩‍⚕️', 'e\u0301', '\uffff', '\u2028', 'Ω'.repeat(3000)];
const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(...UNICODE_EDGES),
  fc.constantFrom(null, true, -1, 1e308, -0, 2 ** 53 + 1, '', ' ', '__proto__', 'constructor'),
);

describe('bad input on every endpoint', () => {
  let t: TestApp;
  let token: string;
  let operations: Operation[];

  beforeAll(async () => {
    t = await createTestApp({ mcp: false, env: { BODY_LIMIT_BYTES: '65536' } });
    token = t.token('fuzz-user', ['clinician', 'admin', 'auditor']);
    const doc = (await t.request().get('/api/docs-json')).body;
    operations = [];
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        if (!['get', 'post', 'delete', 'put', 'patch'].includes(method) || path.startsWith('/api/docs')) continue;
        const ref: string | undefined = op.requestBody?.content?.['application/json']?.schema?.$ref;
        const schema = ref ? doc.components.schemas[ref.split('/').pop() as string] : undefined;
        const query = (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name);
        operations.push({ method: method as Operation['method'], path, fields: [...Object.keys(schema?.properties ?? {}), ...query], isPublic: !op.security?.length });
      }
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  /** Lone surrogates cannot be URI-encoded: send their UTF-8 replacement bytes percent-encoded. */
  const encode = (id: string) => encodeURIComponent(id.toWellFormed ? id.toWellFormed() : id.replace(/[\ud800-\udfff]/g, '\ufffd'));
  const fill = (path: string, id: string) => path.replace(/\{[^}]+\}/g, encode(id.slice(0, 60)) || 'x');

  /** Sends one request and checks the rules every answer must keep. */
  async function check(op: Operation, opts: { id?: string; raw?: string; body?: unknown; query?: Record<string, string>; auth?: string | null; headers?: Record<string, string> }) {
    let req = t.request()[op.method](fill(op.path, opts.id ?? '00000000-0000-4000-8000-000000000000')).timeout(5000);
    if (opts.auth !== null) req = req.set('authorization', opts.auth ?? `Bearer ${token}`);
    for (const [name, value] of Object.entries(opts.headers ?? {})) req = req.set(name, value);
    if (opts.query) req = req.query(opts.query);
    if (opts.raw !== undefined) req = req.set('content-type', 'application/json').send(opts.raw);
    else if (opts.body !== undefined && op.method !== 'get') req = req.send(opts.body as object);
    const res = await req;
    const where = `${op.method.toUpperCase()} ${op.path} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
    if (res.status >= 500 && res.status !== 503) throw new Error(`server error: ${where}`);
    // Readiness answers 503 with Terminus' documented result, not the error shape.
    const terminus = op.path === '/api/ai/health/ready' && res.status === 503 && res.body?.status === 'error';
    if (res.status >= 400 && !terminus) {
      const b = res.body;
      const shaped = b && b.success === false && typeof b.error === 'string' && typeof b.code === 'string' && typeof b.request_id === 'string';
      if (!shaped) throw new Error(`error without the documented shape: ${where}`);
    }
    return res;
  }

  it('finds the endpoints to fuzz', () => {
    const paths = operations.map((o) => `${o.method} ${o.path}`);
    expect(paths).toEqual(expect.arrayContaining(['post /api/ai/query', 'get /api/ai/task/{taskId}/status', 'post /api/ai/medical']));
  });

  it('answers malformed JSON, huge bodies and deep nesting with a 4xx in the error shape', async () => {
    const deep = (n: number) => '{"query":"x","context":' + '{"a":'.repeat(n) + '1' + '}'.repeat(n) + '}';
    const malformed = ['{', '{"query":', '[1,2', 'nul', '{"query":"x"}}', '\u0000', '{"query":"x",}', '{"query":"' + 'a'.repeat(70000) + '"}'];
    // Valid JSON of odd shapes: whatever the answer, never a 500 and always the shape.
    const odd = ['"\\ud800"', deep(20), deep(3000), '['.repeat(20000) + ']'.repeat(20000), '{"__proto__":{"admin":true},"query":"x"}'];
    for (const op of operations.filter((o) => o.method !== 'get' && o.method !== 'delete')) {
      for (const raw of malformed) {
        const res = await check(op, { raw });
        expect([op.method, op.path, res.status >= 400]).toEqual([op.method, op.path, true]);
      }
      for (const raw of odd) await check(op, { raw });
      // The submit paths that read the body before validation: an idempotency key, a wait.
      for (const raw of odd) await check(op, { raw, headers: { 'idempotency-key': `odd-${raw.length}`, prefer: 'wait=1' } });
    }
  });

  it('answers a path with broken percent-encoding in the error shape', async () => {
    // Fastify rejects it (FST_ERR_BAD_URL) before routing, so only frameworkErrors can shape it.
    const res = await t.request().get('/api/ai/task/%CE%A9%C/status').set('authorization', `Bearer ${token}`).timeout(5000);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, code: expect.any(String), error: expect.any(String), request_id: expect.any(String) });
  });

  it('never answers 500 to wrong types, unknown fields and Unicode edge cases', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1000 }),
        fc.dictionary(fc.string({ maxLength: 12 }), jsonish, { maxKeys: 4 }),
        fc.array(jsonish, { minLength: 8, maxLength: 8 }),
        fc.oneof(fc.uuid(), fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom(...UNICODE_EDGES)),
        async (pick, unknown, values, id) => {
          const op = operations[pick % operations.length];
          const body: Record<string, unknown> = { ...unknown };
          op.fields.forEach((f, i) => (body[f] = values[i % values.length]));
          const query = Object.fromEntries(op.fields.map((f, i) => [f, safeText(values[i % values.length]).slice(0, 300)]));
          await check(op, { id, body, query: op.method === 'get' ? query : undefined });
        },
      ),
      { numRuns: 250 },
    );
  });

  it('refuses forged, tampered, expired and alg-none tokens with 401 in the error shape', async () => {
    const good = token.split('.');
    const forged = [
      jwt.sign({ sub: 'mallory', roles: ['admin'] }, 'not-the-secret-but-long-enough-0123456789', { algorithm: 'HS256' }),
      `${good[0]}.${Buffer.from(JSON.stringify({ sub: 'mallory', roles: ['admin'] })).toString('base64url')}.${good[2]}`,
      `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${good[1]}.`,
      jwt.sign({ sub: 'expired', roles: [], exp: Math.floor(Date.now() / 1000) - 60 }, t.secrets.JWT_SECRET, { algorithm: 'HS256' }),
      'Bearer',
      'x.y.z',
      'ÿ.þ.é',
    ];
    for (const op of operations.filter((o) => !o.isPublic)) {
      for (const f of forged) {
        const res = await check(op, { auth: `Bearer ${f}`, body: { query: 'hello' } });
        expect([op.path, res.status]).toEqual([op.path, 401]);
      }
      const none = await check(op, { auth: null, body: { query: 'hello' } });
      expect([op.path, none.status]).toEqual([op.path, 401]);
    }
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (garbage) => {
        const op = operations.find((o) => o.path === '/api/ai/task/{taskId}/status')!;
        // Only what an HTTP header can carry (Node refuses to send the rest).
        const res = await check(op, { auth: `Bearer ${garbage.replace(/[^\t\x20-\x7e\x80-\xff]/g, '')}` });
        expect(res.status).toBe(401);
      }),
      { numRuns: 60 },
    );
  });
});

/** A query-string value for any generated value, including objects whose toString is broken. */
function safeText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
