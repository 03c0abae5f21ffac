/**
 * The OpenAPI document the server serves lints clean with Redocly's recommended rules (0 errors,
 * 0 warnings), so generated clients and API tooling can trust it (issue 20 item 5).
 */
import { writeFileSync } from 'node:fs';
import { lintOpenApi } from '../helpers/openapi-lint';
import { createTestApp, type TestApp } from '../helpers/test-app';

jest.setTimeout(90_000);

describe('OpenAPI document lint (e2e)', () => {
  let t: TestApp;
  let doc: Record<string, any>;

  beforeAll(async () => {
    t = await createTestApp({ mcp: false });
    doc = (await t.request().get('/api/docs-json').expect(200)).body as Record<string, any>;
    if (process.env.OPENAPI_DUMP) writeFileSync(process.env.OPENAPI_DUMP, JSON.stringify(doc, null, 2));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reports no problem with the recommended rules', async () => {
    const problems = await lintOpenApi(doc);
    // The list itself is the failure message: rule, place and text of each problem.
    expect(problems.map((p) => `${p.severity} ${p.ruleId} ${p.location}: ${p.message}`)).toEqual([]);
  });

  it('declares dates as strings with format date-time and a 400 on every method that carries a body', () => {
    const dates = Object.entries<Record<string, any>>(doc.components.schemas).flatMap(([name, schema]) =>
      Object.entries<Record<string, any>>(schema.properties ?? {})
        .filter(([field, p]) => field.endsWith('_at') || p.format === 'date-time')
        .map(([field, p]) => `${name}.${field}: ${p.type} ${p.format}`),
    );
    expect(dates.length).toBeGreaterThan(5);
    expect(dates.filter((d) => !d.endsWith(': string date-time'))).toEqual([]);
    const without400 = Object.entries<Record<string, any>>(doc.paths).flatMap(([path, item]) =>
      Object.entries<any>(item)
        .filter(([method, op]) => ['post', 'put', 'patch', 'delete'].includes(method) && !op.responses['400'])
        .map(([method]) => `${method} ${path}`),
    );
    expect(without400).toEqual([]);
  });

  it('leaves every request field with a server default out of `required` and without the `default` keyword', () => {
    const bodies = Object.values<Record<string, any>>(doc.paths).flatMap((item) =>
      Object.values<any>(item).map((op) => op.requestBody?.content?.['application/json']?.schema?.$ref as string | undefined),
    );
    const names = [...new Set(bodies.filter(Boolean).map((ref) => (ref as string).split('/').pop() as string))];
    const query = doc.components.schemas.AiQueryRequestDto;
    expect(query.required).toEqual(['query']);
    expect(query.properties.query_type.description).toContain('Default: `"general"`');
    const keyword = names.flatMap((n) => Object.entries<any>(doc.components.schemas[n].properties ?? {}).filter(([, p]) => 'default' in p).map(([f]) => `${n}.${f}`));
    expect(keyword).toEqual([]);
  });

  it('documents the answer to an empty body sent as JSON on every method that carries one', async () => {
    const token = t.token('openapi-empty-body', ['clinician', 'analyst', 'auditor', 'admin']);
    const undocumented: string[] = [];
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        const res = await t.request()[method as 'post'](url).set('authorization', `Bearer ${token}`).set('content-type', 'application/json').send('');
        if (!op.responses[String(res.status)]) undocumented.push(`${method} ${path} → ${res.status}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
