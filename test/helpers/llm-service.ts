/**
 * The real LlmService (ChatOpenAI through OpenAiChatModelFactory) for specs that test the LLM
 * boundary without the whole app: `baseUrl` is a fake LLM's URL, or undefined for "no LLM configured".
 */
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm-server';
import type { AppConfigService } from '../../src/core/config';
import { OpenAiChatModelFactory } from '../../src/core/llm/chat-model.factory';
import { LlmService } from '../../src/core/llm/llm.service';
import { MetricsService } from '../../src/core/metrics/metrics.service';

export function createLlmService(baseUrl: string | undefined, model = 'gpt-4o-mini', overrides: Record<string, unknown> = {}): LlmService {
  const llm = {
    apiKey: baseUrl ? 'test-key' : undefined,
    model,
    temperature: 0,
    maxTokens: 500,
    baseUrl,
    timeoutMs: 5000,
    maxRetries: 0,
    fallbackModels: [],
    fallbackBaseUrls: [],
    ...overrides,
  };
  return new LlmService(new OpenAiChatModelFactory({ all: { llm } } as unknown as AppConfigService), new MetricsService());
}

/** A fake LLM for a describe block: started before its tests, reset after each, closed after all. */
export function useFakeLlm(started: (llm: FakeLlm) => void): void {
  let llm: FakeLlm | undefined;
  beforeAll(async () => {
    llm = await startFakeLlm();
    started(llm);
  });
  afterEach(() => llm?.reset());
  afterAll(() => llm?.close());
}
