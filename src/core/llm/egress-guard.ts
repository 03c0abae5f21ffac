/**
 * The egress guard: the one place where text leaves for the LLM. LlmService runs every message
 * of every call (invoke, structured output, streaming; system, human, AI and tool messages alike)
 * through it before ChatOpenAI sees them, so a new path cannot forget it. Tool messages count
 * as tool data for the re-identification rule (EgressContext); everything else as the caller's.
 */
import type { BaseMessage, MessageContent } from '@langchain/core/messages';
import { EgressContext, EgressOrigin } from './egress-context';

/**
 * System prompts are the service's own templates (no path puts a caller's text in one): known
 * identifiers and identifier formats are still replaced there, but the name detector, which
 * reads product names, acronyms and tool names ("MedCor", "SQL", "list_tables") as people, is
 * not run over them. They repeat on every call; one found clean is not run
 * through the detectors again (they cost about a millisecond per prompt). Bounded, and holding
 * only texts in which nothing was found.
 */
const CLEAN_SYSTEM_PROMPTS = new Set<string>();
const CLEAN_SYSTEM_PROMPTS_MAX = 64;

export function guardMessages(messages: readonly BaseMessage[], ctx: EgressContext): BaseMessage[] {
  return messages.map((message) => guardMessage(message, ctx));
}

function guardMessage(message: BaseMessage, ctx: EgressContext): BaseMessage {
  const type = message.getType();
  const origin: EgressOrigin = type === 'tool' ? 'tool' : 'caller';
  const cacheable = type === 'system' && typeof message.content === 'string' && ctx.mode === 'full';
  if (cacheable && CLEAN_SYSTEM_PROMPTS.has(message.content as string)) return message;
  const content = guardContent(message.content, ctx, origin, type !== 'system');
  if (content === message.content) {
    if (cacheable && CLEAN_SYSTEM_PROMPTS.size < CLEAN_SYSTEM_PROMPTS_MAX) CLEAN_SYSTEM_PROMPTS.add(content as string);
    return message;
  }
  // lc_kwargs are the fields the message was built from (tool_call_id, tool_calls, name, …).
  const Ctor = message.constructor as new (fields: Record<string, unknown>) => BaseMessage;
  return new Ctor({ ...(message.lc_kwargs as Record<string, unknown>), content });
}

function guardContent(content: MessageContent, ctx: EgressContext, origin: EgressOrigin, detectNames: boolean): MessageContent {
  const options = { detectNames };
  if (typeof content === 'string') {
    const out = ctx.guard(content, origin, options);
    return out === content ? content : out;
  }
  let changed = false;
  const parts = content.map((part) => {
    if (typeof part === 'string') {
      const out = ctx.guard(part, origin, options);
      changed ||= out !== part;
      return out;
    }
    if (part.type === 'text' && typeof part.text === 'string') {
      const out = ctx.guard(part.text, origin, options);
      if (out === part.text) return part;
      changed = true;
      return { ...part, text: out };
    }
    return part;
  });
  return changed ? (parts as MessageContent) : content;
}
