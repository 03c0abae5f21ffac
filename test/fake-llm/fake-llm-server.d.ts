/**
 * Types for fake-llm-server.js: an OpenAI-compatible Chat Completions server that tests,
 * benchmarks and demos point the real ChatOpenAI at.
 *
 * @example
 * const llm = await startFakeLlm();
 * const model = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'test', maxRetries: 0,
 *   configuration: { baseURL: llm.url } });
 * llm.script({ toolCalls: [{ name: 'lookup', arguments: { id: 7 } }] }, { content: 'Done.' });
 * ...
 * expect(llm.lastRequest()?.body.messages.at(-1)?.role).toBe('tool');
 * await llm.close();
 *
 * Routes: `POST /v1/chat/completions`, `GET /v1/models`, `GET /v1/models/:id`; anything else is a
 * 404 with an OpenAI error body. From a shell: `node test/fake-llm/fake-llm-server.js [port]`.
 */

export interface FakeLlmOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Listed by `GET /v1/models`. Default `['gpt-4o-mini']`. Answers echo the request's `model`. */
  models?: string[];
  /** Pause between SSE chunks for every streamed answer (a step's own `chunkDelayMs` wins). Default 0. */
  chunkDelayMs?: number;
  /** `false` keeps `requests` empty (benchmarks); `requestCount` still counts. Default true. */
  recording?: boolean;
  /** Initial `unsupported` (see FakeLlm). Default none. */
  unsupported?: FakeLlmFeature[];
  /** Initial `prose` (see FakeLlm). Default false. */
  prose?: boolean;
}

/** Request features a model may lack: `response_format` json_schema or json_object, and `tools`. */
export type FakeLlmFeature = 'json_schema' | 'json_object' | 'tools';

/** One message as the client sent it (the Chat Completions request shape, loosely typed). */
export interface FakeLlmMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function' | string;
  content: string | Array<{ type: string; text?: string; [key: string]: unknown }> | null;
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
  name?: string;
  [key: string]: unknown;
}

/** The parsed JSON body of a chat completion request. */
export interface FakeLlmChatBody {
  model: string;
  messages: FakeLlmMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean } }>;
  tool_choice?: 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };
  response_format?: { type: 'text' | 'json_object' | 'json_schema'; json_schema?: { name: string; schema?: Record<string, unknown>; strict?: boolean } };
  [key: string]: unknown;
}

/** One recorded `POST /v1/chat/completions` (requests with an unparseable body are answered 400 and not recorded). */
export interface FakeLlmRequest {
  body: FakeLlmChatBody;
  /** Node's lower-cased header map, e.g. `headers.authorization`. */
  headers: Record<string, string | string[] | undefined>;
  /** `Date.now()` when the body had arrived. */
  receivedAt: number;
  /** True when the connection closed before the answer was complete: the client disconnected (abort, timeout) or the server closed. */
  aborted: boolean;
  /** `Date.now()` when the exchange ended; undefined while in flight. */
  finishedAt: number | undefined;
}

export interface FakeLlmToolCall {
  name: string;
  /** Serialized with JSON.stringify; a string is sent as is (to test malformed arguments). */
  arguments: Record<string, unknown> | string;
  /** Default `call_fake<n>`. */
  id?: string;
}

/** Modifiers any answering step may carry. */
export interface FakeLlmStepTiming {
  /** Wait this long before answering (or before erroring). */
  delayMs?: number;
  /** When streamed, pause this long between SSE chunks so a client can disconnect mid-stream. */
  chunkDelayMs?: number;
}

export interface FakeLlmAnswerExtras extends FakeLlmStepTiming {
  /** Default 'stop', or 'tool_calls' when the answer has tool calls. */
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  /** Overrides the estimate (prompt ≈ message chars / 4, completion ≈ answer chars / 4). */
  usage?: { promptTokens?: number; completionTokens?: number };
}

export interface FakeLlmContentStep extends FakeLlmAnswerExtras {
  content: string;
}

/** finish_reason 'tool_calls'; `content` may accompany the calls. */
export interface FakeLlmToolCallsStep extends FakeLlmAnswerExtras {
  toolCalls: FakeLlmToolCall[];
  content?: string;
}

/**
 * Structured output. The content is `JSON.stringify(json)`, which is what
 * `withStructuredOutput(schema, { method: 'jsonSchema' })` parses; when the request forces a
 * function through `tool_choice` (`{ method: 'functionCalling' }`), the answer is instead a call to
 * that function with `json` as its arguments. So one step serves both methods.
 */
export interface FakeLlmJsonStep extends FakeLlmAnswerExtras {
  json: unknown;
}

/** An HTTP error with the OpenAI body `{ error: { message, type, param, code } }`. */
export interface FakeLlmErrorStep extends FakeLlmStepTiming {
  error: {
    status: number;
    /** Default: a message like OpenAI's for the status. */
    message?: string;
    /** Default by status: 'invalid_request_error', 'requests' (429), 'server_error' (5xx). */
    type?: string;
    /** Default by status, e.g. 'rate_limit_exceeded' for 429; 'insufficient_quota' makes LangChain stop retrying. */
    code?: string | null;
    /** Seconds, sent as the `retry-after` header. */
    retryAfter?: number;
  };
}

/** A 200 whose JSON body is `body` as given, e.g. one that is not a chat completion (a broken compatible server). */
export interface FakeLlmBodyStep extends FakeLlmStepTiming {
  body: unknown;
}

/** Never answers; the exchange ends when the client gives up (timeout, abort) or `close()` runs. */
export interface FakeLlmHangStep {
  hang: true;
}

export type FakeLlmStaticStep = FakeLlmContentStep | FakeLlmToolCallsStep | FakeLlmJsonStep | FakeLlmErrorStep | FakeLlmBodyStep | FakeLlmHangStep;

/**
 * A dynamic answer, called with the request being answered. A throw or rejection, or a result
 * that is not a step, is answered as a 500 whose message says what went wrong.
 */
export type FakeLlmStepFunction = (request: FakeLlmRequest) => FakeLlmStaticStep | Promise<FakeLlmStaticStep>;

export type FakeLlmStep = FakeLlmStaticStep | FakeLlmStepFunction;

export interface FakeLlm {
  /** Base URL ending in `/v1`: what `OPENAI_BASE_URL` and `configuration.baseURL` take. */
  readonly url: string;
  readonly port: number;
  /** Every chat completion request in arrival order (empty with `recording: false`). Cleared by `reset()`. */
  readonly requests: FakeLlmRequest[];
  /** Chat completion requests received, counted even with `recording: false`. */
  readonly requestCount: number;
  /** Scripted steps not yet consumed: 0 at the end of a test that used them all. */
  readonly remainingSteps: number;
  /** Chat completion exchanges not yet finished. */
  readonly inFlight: number;
  /**
   * A model without these features: a request using one is answered 400 `invalid_request_error`
   * with OpenAI's message and `param` (e.g. `['json_schema']` behaves like gpt-3.5-turbo), before
   * the script is consulted (no step is consumed). The request is still recorded. Settable.
   */
  unsupported: FakeLlmFeature[];
  /**
   * A model that answers every request with `PROSE_ANSWER`: text that is not JSON, and no tool call,
   * whatever the request asked for. No step is consumed. Settable.
   */
  prose: boolean;

  /**
   * Queues answers, consumed one per chat completion request in arrival order; when the queue is
   * empty the default answers. Throws a TypeError on a malformed static step. Returns `this`.
   */
  script(...steps: FakeLlmStep[]): this;
  /** Replaces the default answer (initially the echo: `"Echo: " + last user text`, cut to 200 chars); `null` restores the echo. */
  setDefault(step: FakeLlmStep | null): this;
  /** Empties the queue and `requests`, zeroes `requestCount`, restores the echo default and the start-up `unsupported` and `prose`. */
  reset(): this;
  lastRequest(): FakeLlmRequest | undefined;
  /** Resolves once no exchange is in flight (e.g. after a client abort); rejects after `timeoutMs` (default 5000). */
  idle(timeoutMs?: number): Promise<void>;
  /** Stops listening and cuts open connections, hanging ones included. Safe to call twice. */
  close(): Promise<void>;
}

export function startFakeLlm(options?: FakeLlmOptions): Promise<FakeLlm>;

/** What every request is answered with in `prose` mode. */
export const PROSE_ANSWER: string;

/** Text of the last `user` message (text parts joined); handy in step functions. */
export function lastUserMessageText(request: FakeLlmRequest): string;
