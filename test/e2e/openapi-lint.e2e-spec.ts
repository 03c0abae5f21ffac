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
});
