import type { AllConfig } from '../core/config';

/** An optional dependency the service runs without, what that costs, and what to set. */
export interface MissingDependency {
  variable: string;
  effect: string;
  set: string;
}

/**
 * Every optional setting that is missing, for the start-up log: the service starts without them
 * (degraded), so an operator otherwise learns of each only when a request fails.
 */
export function missingOptionalDependencies(config: AllConfig): MissingDependency[] {
  const missing: MissingDependency[] = [];
  if (!config.llm.apiKey) {
    missing.push({
      variable: 'OPENAI_API_KEY',
      effect: 'no LLM: general and medical questions, natural-language SQL and code reviews answer 503; raw SQL, system questions and static code analysis work; health reports degraded',
      set: 'set OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible server other than OpenAI)',
    });
  }
  if (!config.security.webhookSecret) {
    missing.push({
      variable: 'WEBHOOK_SECRET',
      effect: 'no webhooks: a request with callback_url is refused with 400',
      set: 'set WEBHOOK_SECRET (the HMAC key receivers verify) and WEBHOOK_ALLOWED_HOSTS',
    });
  }
  if (!config.mcp.token) {
    missing.push({
      variable: 'MCP_SERVER_TOKEN',
      effect: 'the MCP tools server is called without a bearer token (acceptable in development only)',
      set: 'set MCP_SERVER_TOKEN to the same value for the tools server and this service',
    });
  }
  return missing;
}

export function describeMissing({ variable, effect, set }: MissingDependency): string {
  return `${variable} is not set: ${effect}. To enable it, ${set}.`;
}
