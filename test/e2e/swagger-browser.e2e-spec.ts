/**
 * Swagger UI in a real browser (Debian's chromium driven by playwright-core): authorise with a
 * bearer token, "Try it out" on POST /api/ai/query/, execute, and see the 200 rendered. And every
 * example in the OpenAPI document validates against its schema (ajv, with the document's $refs).
 * No skip: CI installs chromium (`apt-get install -y chromium`), and a missing browser fails.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { chromium, type Browser } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/test-app';

jest.setTimeout(90_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('Swagger UI and the OpenAPI document (e2e)', () => {
  let t: TestApp;
  let browser: Browser | undefined;

  beforeAll(async () => {
    t = await createTestApp({ mcp: 'test-tools' });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('authorises, tries POST /api/ai/query/ and renders the 200 answer in headless Chromium', async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
    });
    const page = await browser.newPage();
    const token = t.token('swagger-user', ['clinician']);
    t.llm.script({ content: 'Rendered by Swagger UI' });

    await page.goto(`${t.url}/api/docs`);
    await page.locator('.swagger-ui .opblock').first().waitFor();

    await page.locator('button.authorize').first().click();
    const modal = page.locator('.modal-ux');
    await modal.locator('input').first().fill(token);
    await modal.locator('button.authorize').click();
    await modal.locator('button.btn-done, button.close-modal').first().click();

    const operation = page.locator('.opblock-post', { has: page.locator('[data-path="/api/ai/query"]') });
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('textarea.body-param__text').fill(JSON.stringify({ query: 'What is a normal HbA1c?' }));
    await operation.locator('button.execute').click();

    const live = operation.locator('.live-responses-table');
    const status = live.locator('tr.response .response-col_status').first();
    await status.waitFor();
    expect((await status.innerText()).trim()).toBe('200');
    await expect(live.innerText()).resolves.toContain('Rendered by Swagger UI');
    // The bearer came from the Authorize dialog.
    expect(t.llm.requestCount).toBe(1);
    expect(await operation.locator('.curl-command').innerText()).toContain(`Bearer ${token}`);
  });

  it('every example in the document validates against its schema', async () => {
    const doc = (await t.request().get('/api/docs-json').expect(200)).body as Record<string, any>;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc, 'openapi.json');

    const examples: Array<{ where: string; pointer: string; value: unknown }> = [];
    const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
    const walk = (node: unknown, pointer: string, inSchema: boolean) => {
      if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${pointer}/${i}`, inSchema));
      if (typeof node !== 'object' || node === null) return;
      const record = node as Record<string, any>;
      if (inSchema && 'example' in record) examples.push({ where: pointer, pointer, value: record.example });
      if (!inSchema && record.schema && 'example' in record) examples.push({ where: pointer, pointer: `${pointer}/schema`, value: record.example });
      if (!inSchema && record.schema && record.examples && typeof record.examples === 'object') {
        for (const [name, ex] of Object.entries(record.examples as Record<string, { value?: unknown }>)) {
          examples.push({ where: `${pointer}/examples/${name}`, pointer: `${pointer}/schema`, value: ex?.value });
        }
      }
      for (const [key, value] of Object.entries(record)) {
        if (key === 'example' || key === 'examples') continue;
        const child = `${pointer}/${escape(key)}`;
        const schemaHere = inSchema || key === 'schema' || pointer === '#/components/schemas';
        walk(value, child, schemaHere);
      }
    };
    walk(doc, '#', false);

    expect(examples.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const example of examples) {
      const validate = ajv.compile({ $ref: `openapi.json${example.pointer}` });
      if (!validate(example.value)) failures.push(`${example.where}: ${JSON.stringify(example.value)} → ${ajv.errorsText(validate.errors)}`);
    }
    expect(failures).toEqual([]);
  });
});
