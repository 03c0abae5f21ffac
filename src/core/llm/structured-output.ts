/**
 * Structured output on any model: the ways of asking (JSON schema, a forced tool call, JSON mode),
 * the order they are tried in, which of them a model endpoint has refused, and the validation of
 * every answer against the zod schema, with at most one repair request.
 *
 * The client library decides first what a model supports (@langchain/openai refuses json_schema
 * for gpt-3.5/gpt-4 before sending anything); the provider decides next (a 4xx naming
 * response_format or tools). Either refusal moves on to the next way; all refused is a
 * configuration error, an unusable answer is `llm_bad_output`.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, BaseMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import { toJsonSchema } from '@langchain/core/utils/json_schema';
import type { z } from 'zod';
import { AppError, ErrorCode } from '../errors';
import { badOutputProblem, isFeatureRefusal, refusalSummary } from './llm-errors';

export type StructuredMethod = 'jsonSchema' | 'functionCalling' | 'jsonMode';

/** Best first: a schema the provider enforces, then a forced tool call, then JSON we validate alone. */
export const STRUCTURED_METHODS: readonly StructuredMethod[] = ['jsonSchema', 'functionCalling', 'jsonMode'];

const WIRE_NAME: Record<StructuredMethod, string> = {
  jsonSchema: 'response_format json_schema',
  functionCalling: 'a forced tool call',
  jsonMode: 'response_format json_object',
};

/** A refusal is remembered this long: long enough to skip a refused round trip, short enough to notice an upgrade. */
const REFUSAL_TTL_MS = 15 * 60_000;

/** Per model endpoint, the ways of asking it has refused, and how. */
export class StructuredMethodMemo {
  private readonly refused = new Map<string, Map<StructuredMethod, { until: number; how: string }>>();

  /**
   * The ways to try, best first, and the ways skipped because they were refused lately (as
   * "way (how)"). Once every way was refused, all are tried again: the setup may have been fixed.
   */
  plan(endpoint: string, now = Date.now()): { methods: StructuredMethod[]; skipped: string[] } {
    const refused = this.refused.get(endpoint);
    const active = (m: StructuredMethod) => (refused?.get(m)?.until ?? 0) > now;
    const methods = STRUCTURED_METHODS.filter((m) => !active(m));
    if (methods.length === 0) return { methods: [...STRUCTURED_METHODS], skipped: [] };
    return { methods, skipped: STRUCTURED_METHODS.filter(active).map((m) => `${WIRE_NAME[m]} (${refused!.get(m)!.how}, earlier)`) };
  }

  refuse(endpoint: string, method: StructuredMethod, how: string, now = Date.now()): string {
    let refused = this.refused.get(endpoint);
    if (!refused) this.refused.set(endpoint, (refused = new Map()));
    refused.set(method, { until: now + REFUSAL_TTL_MS, how });
    return `${WIRE_NAME[method]} (${how})`;
  }
}

export interface StructuredRequest<T> {
  schema: z.ZodType<T>;
  /** The schema's name on the wire (letters, digits, underscores). */
  name: string;
  messages: BaseMessage[];
  /** The model's name, for messages. */
  model: string;
  /** Identifies the endpoint in the memo: model and base URL. */
  endpoint: string;
  signal?: AbortSignal;
  /** Called with every answer that arrived (token accounting). */
  onAnswer?(raw: AIMessage): void;
}

type Attempt<T> = { kind: 'ok'; value: T } | { kind: 'refused'; summary: string } | { kind: 'bad'; problem: Problem };

interface Problem {
  /** Sent back to the model in the repair request. */
  forModel: string;
  /** For the error message and task record: names fields, quotes nothing of the answer. */
  forPeople: string;
  issues?: Array<{ path: string; code: string }>;
}

type StructuredRunnable = Runnable<BaseMessage[], { raw: BaseMessage; parsed: unknown }>;

/** Asks `chat` for an answer shaped by `request.schema`, by the first way the model accepts. */
export async function invokeStructured<T>(chat: BaseChatModel, memo: StructuredMethodMemo, request: StructuredRequest<T>): Promise<T> {
  const { methods, skipped } = memo.plan(request.endpoint);
  const refusals = [...skipped];
  for (const method of methods) {
    let runnable: StructuredRunnable;
    try {
      runnable = chat.withStructuredOutput(request.schema as z.ZodType<Record<string, unknown>>, {
        name: request.name,
        method,
        includeRaw: true,
      }) as unknown as StructuredRunnable;
    } catch (error) {
      refusals.push(memo.refuse(request.endpoint, method, refusalSummary(error)));
      continue;
    }
    const messages = method === 'jsonMode' ? withJsonInstruction(request.messages, request.schema) : request.messages;
    const first = await attempt(runnable, method, messages, request);
    if (first.kind === 'refused') {
      refusals.push(memo.refuse(request.endpoint, method, first.summary));
      continue;
    }
    if (first.kind === 'ok') return first.value;
    const second = await attempt(runnable, method, repairRequest(messages, method, request.name, first.problem), request);
    if (second.kind === 'ok') return second.value;
    const problem = second.kind === 'bad' ? second.problem : first.problem;
    throw new AppError(
      ErrorCode.LlmBadOutput,
      `The model's answer (${request.model}) did not match the required structure ${request.name}, also after one repair request: ${problem.forPeople}`,
      { details: { method: WIRE_NAME[method], ...(problem.issues ? { issues: problem.issues } : {}) } },
    );
  }
  throw new AppError(
    ErrorCode.LlmConfig,
    `LLM configuration error: the model ${request.model} refused every way of asking for structured output: ${refusals.join('; ')}`,
    { details: { model: request.model, refused: refusals } },
  );
}

async function attempt<T>(runnable: StructuredRunnable, method: StructuredMethod, messages: BaseMessage[], request: StructuredRequest<T>): Promise<Attempt<T>> {
  let out: { raw: BaseMessage; parsed: unknown };
  try {
    out = await runnable.invoke(messages, { signal: request.signal });
  } catch (error) {
    if (request.signal?.aborted) throw error;
    if (isFeatureRefusal(error)) return { kind: 'refused', summary: refusalSummary(error) };
    const problem = thrownProblem(error);
    if (problem) return { kind: 'bad', problem };
    throw error;
  }
  const raw = out.raw as AIMessage;
  request.onAnswer?.(raw);
  const candidate = out.parsed ?? candidateOf(raw, method, request.name);
  if (candidate === undefined) {
    const what = method === 'functionCalling' ? `it did not call the function ${request.name}` : 'it was not valid JSON';
    return { kind: 'bad', problem: { forModel: what, forPeople: what } };
  }
  const checked = request.schema.safeParse(candidate);
  if (checked.success) return { kind: 'ok', value: checked.data };
  return { kind: 'bad', problem: zodProblem(checked.error.issues) };
}

/** When LangChain's parser gave up: the tool call's arguments, or JSON in the text (fenced or not). */
function candidateOf(raw: AIMessage, method: StructuredMethod, name: string): unknown {
  if (method === 'functionCalling') {
    const call = raw.tool_calls?.find((c) => c.name === name);
    if (call) return call.args;
  }
  const text = typeof raw.content === 'string' ? raw.content.trim() : '';
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(text);
  try {
    return JSON.parse(fenced ? fenced[1] : text) as unknown;
  } catch {
    return undefined;
  }
}

/** Errors thrown while parsing an answer that did arrive: the OpenAI SDK parses json_schema answers itself. */
function thrownProblem(error: unknown): Problem | undefined {
  if (error instanceof SyntaxError) return { forModel: 'it was not valid JSON', forPeople: 'it was not valid JSON' };
  const issues = (error as { issues?: unknown } | null)?.issues;
  if (Array.isArray(issues) && /ZodError/.test((error as Error).constructor?.name ?? (error as Error).name)) {
    return zodProblem(issues as z.core.$ZodIssue[]);
  }
  const other = badOutputProblem(error);
  return other ? { forModel: other, forPeople: other } : undefined;
}

function zodProblem(issues: readonly z.core.$ZodIssue[]): Problem {
  const at = (i: z.core.$ZodIssue) => (i.path.length ? i.path.map(String).join('.') : '(the whole answer)');
  const listed = issues.slice(0, 10);
  return {
    forModel: listed.map((i) => `${at(i)}: ${i.message}`).join('; '),
    forPeople: `${issues.length} problem(s), at ${[...new Set(listed.map(at))].join(', ')}`,
    issues: listed.map((i) => ({ path: at(i), code: i.code })),
  };
}

/** JSON mode enforces JSON but not its shape, and OpenAI requires the word JSON in the prompt. */
function withJsonInstruction(messages: BaseMessage[], schema: z.ZodType<unknown>): BaseMessage[] {
  const instruction = new SystemMessage(
    `Answer with one JSON object and no other text. It must match this JSON Schema exactly:\n${JSON.stringify(toJsonSchema(schema as never))}`,
  );
  const leading = messages.findIndex((m) => m.getType() !== 'system');
  const at = leading === -1 ? messages.length : leading;
  return [...messages.slice(0, at), instruction, ...messages.slice(at)];
}

function repairRequest(messages: BaseMessage[], method: StructuredMethod, name: string, problem: Problem): BaseMessage[] {
  const how = method === 'functionCalling' ? `Call the function ${name} with arguments that match its schema exactly` : 'Answer again with only the JSON object, matching the schema exactly';
  return [...messages, new HumanMessage(`Your previous answer could not be used: ${problem.forModel}. ${how}.`)];
}
