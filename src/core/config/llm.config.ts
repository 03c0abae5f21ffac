import { z } from 'zod';
import { envFloat, envInt, envList, envUrl, optionalString } from './env-helpers';

export const llmEnvSchema = z.object({
  OPENAI_API_KEY: optionalString(),
  OPENAI_MODEL: z.string().min(1).default('gpt-3.5-turbo'),
  OPENAI_TEMPERATURE: envFloat(0.7, 0, 2),
  OPENAI_MAX_TOKENS: envInt(2000, 1, 1_000_000),
  OPENAI_BASE_URL: optionalString().pipe(envUrl(['http:', 'https:']).optional()),
  OPENAI_TIMEOUT_MS: envInt(60_000, 100, 3_600_000),
  /**
   * LangChain retries 6 times by default; we keep its own retries low and count every retry in
   * the task runner (Bull attempts), so retries are visible in one place.
   */
  OPENAI_MAX_RETRIES: envInt(0, 0, 10),
  OPENAI_FALLBACK_MODELS: envList(),
  OPENAI_FALLBACK_BASE_URLS: envList(),
  AGENT_MAX_ITERATIONS: envInt(6, 1, 50),
  AGENT_MAX_TOOL_RESULT_CHARS: envInt(8000, 256, 1_000_000),
  /** Tool calls run per model turn and per run; the model's extra calls are answered with an error, not run. */
  AGENT_MAX_TOOL_CALLS_PER_ROUND: envInt(8, 1, 100),
  AGENT_MAX_TOOL_CALLS: envInt(32, 1, 1000),
});

export type LlmConfig = ReturnType<typeof toLlmConfig>;

export function toLlmConfig(env: z.infer<typeof llmEnvSchema>) {
  return {
    apiKey: env.OPENAI_API_KEY,
    model: env.OPENAI_MODEL,
    temperature: env.OPENAI_TEMPERATURE,
    maxTokens: env.OPENAI_MAX_TOKENS,
    baseUrl: env.OPENAI_BASE_URL,
    timeoutMs: env.OPENAI_TIMEOUT_MS,
    maxRetries: env.OPENAI_MAX_RETRIES,
    fallbackModels: env.OPENAI_FALLBACK_MODELS,
    fallbackBaseUrls: env.OPENAI_FALLBACK_BASE_URLS,
    agentMaxIterations: env.AGENT_MAX_ITERATIONS,
    agentMaxToolResultChars: env.AGENT_MAX_TOOL_RESULT_CHARS,
    agentMaxToolCallsPerRound: env.AGENT_MAX_TOOL_CALLS_PER_ROUND,
    agentMaxToolCalls: env.AGENT_MAX_TOOL_CALLS,
  };
}
