/** One app for a describe block: created before its tests, closed after, the fake LLM reset before each test. */
import { createTestApp, type TestApp, type TestAppOptions } from './test-app';

export function useTestApp(options: TestAppOptions, ready: (app: TestApp) => void): void {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await createTestApp(options);
    ready(app);
  }, 120_000);
  afterAll(() => app?.close());
  beforeEach(() => app?.llm.reset());
}
