import { AppError, ErrorCode } from '../errors';

interface ProviderError {
  status?: number;
  name?: string;
  code?: string;
  param?: string | null;
  message?: string;
  headers?: Record<string, string> | Headers;
  lc_error_code?: string;
  cause?: unknown;
  constructor?: { name?: string };
}

/** What a failed connection looks like under the OpenAI SDK and undici, at any depth of `cause`. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/**
 * Classifies what the OpenAI client (under LangChain) threw. Only connection failures, timeouts,
 * 408/409/429 and 5xx are transient (retried, fall back to the next model). The provider refusing
 * the request (4xx) is a configuration error; an answer that is not the required structure is
 * `llm_bad_output`; anything this function does not recognise is `internal` and is not retried,
 * because calling it a network fault would retry a bug three times and blame the network.
 * Messages name the model, statuses and parameters, never the prompt or the answer.
 */
export function toLlmError(error: unknown, model: string, signal?: AbortSignal): AppError {
  if (signal?.aborted) {
    const reason = signal.reason;
    return reason instanceof AppError ? reason : new AppError(ErrorCode.Cancelled, 'The request was cancelled');
  }
  if (error instanceof AppError) return error;
  const e = (error ?? {}) as ProviderError;
  const status = typeof e.status === 'number' ? e.status : undefined;
  if (status === 429) {
    return new AppError(ErrorCode.LlmUnavailable, `The LLM (${model}) is rate limited (429)`, {
      transient: true,
      retryAfterSeconds: retryAfter(e.headers),
      cause: error,
    });
  }
  if (status !== undefined && (status >= 500 || status === 408 || status === 409)) {
    return new AppError(ErrorCode.LlmUnavailable, `The LLM server answered ${status} for ${model}`, { transient: true, cause: error });
  }
  if (status === 401 || status === 403) {
    return new AppError(ErrorCode.LlmConfig, `LLM configuration error: the server refused the API key (${status}); check OPENAI_API_KEY`, { cause: error });
  }
  if (status === 404) {
    return new AppError(ErrorCode.LlmConfig, `LLM configuration error: the server does not know the model ${model} (404); check OPENAI_MODEL`, { cause: error });
  }
  if (e.name === 'ContextOverflowError') {
    return new AppError(ErrorCode.PayloadTooLarge, `The input is too long for the context window of ${model}`, { cause: error });
  }
  if (status !== undefined) {
    return new AppError(ErrorCode.LlmConfig, `LLM configuration error: the server rejected the request (${status}) for ${model}${paramHint(e)}`, {
      cause: error,
      details: providerDetails(e),
    });
  }
  const badOutput = badOutputProblem(error);
  if (badOutput) {
    return new AppError(ErrorCode.LlmBadOutput, `The model's answer (${model}) could not be used: ${badOutput}`, { cause: error });
  }
  if (isTimeout(e)) {
    return new AppError(ErrorCode.LlmUnavailable, `The LLM (${model}) did not answer in time`, { transient: true, cause: error });
  }
  if (isConnectionFailure(error)) {
    return new AppError(ErrorCode.LlmUnavailable, `The LLM server could not be reached for ${model}`, { transient: true, cause: error });
  }
  return new AppError(ErrorCode.Internal, `Unexpected error while calling the LLM (${model}): ${errorName(error)}`, { cause: error });
}

/** The client library refused to build the request (e.g. a feature the model lacks): an operator's fix, never a retry. */
export function libraryRefusal(error: unknown, model: string, feature: string): AppError {
  return new AppError(ErrorCode.LlmConfig, `LLM configuration error: the LLM client library refused ${feature} for ${model}: ${errorMessage(error)}`, {
    cause: error,
  });
}

/**
 * The provider said no to one request feature (structured output by json_schema, tools, JSON mode)
 * with a 4xx naming it: a caller with another way to ask may try that way instead.
 */
export function isFeatureRefusal(error: unknown): boolean {
  const e = (error ?? {}) as ProviderError;
  if (typeof e.status !== 'number' || e.status < 400 || e.status >= 500 || [401, 403, 404, 408, 409, 429].includes(e.status)) return false;
  if (e.param && /^(response_format|tools|tool_choice|functions|function_call)\b/.test(e.param)) return true;
  return /response_format|json_schema|json_object|\btools?\b|tool_choice|function.?call/i.test(e.message ?? '');
}

/** A short description of a refused request for an error message: status and parameter, never its body. */
export function refusalSummary(error: unknown): string {
  const e = (error ?? {}) as ProviderError;
  if (typeof e.status === 'number') return `${e.status} from the server${paramHint(e)}`;
  return `refused by the client library: ${errorMessage(error)}`;
}

/**
 * The answer arrived but cannot be used as structured output: the parse and length errors of the
 * OpenAI SDK and LangChain. Returns what went wrong in words that quote nothing of the answer.
 */
export function badOutputProblem(error: unknown): string | undefined {
  const e = (error ?? {}) as ProviderError;
  const kind = e.constructor?.name ?? e.name;
  if (kind === 'LengthFinishReasonError') return 'it was cut off at the length limit';
  if (kind === 'ContentFilterFinishReasonError') return 'it was withheld by the content filter';
  if (e.name === 'OutputParserException' || e.lc_error_code === 'OUTPUT_PARSING_FAILURE') return 'it did not match the expected structure';
  return undefined;
}

function isTimeout(e: ProviderError): boolean {
  return /timeout/i.test(e.name ?? '') || /timeout/i.test(e.constructor?.name ?? '') || /timed? ?out/i.test(e.message ?? '');
}

function isConnectionFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const e = current as ProviderError;
    if (e.constructor?.name === 'APIConnectionError' || e.message === 'Connection error.') return true;
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
    if (e.name === 'SocketError' || e.name === 'ConnectTimeoutError') return true;
    current = e.cause;
  }
  return false;
}

function paramHint(e: ProviderError): string {
  const parts = [e.param ? `parameter ${e.param}` : '', e.code ? `code ${e.code}` : ''].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function providerDetails(e: ProviderError): Record<string, unknown> | undefined {
  if (!e.param && !e.code) return undefined;
  return { ...(e.param ? { param: e.param } : {}), ...(e.code ? { provider_code: e.code } : {}) };
}

function errorName(error: unknown): string {
  if (error instanceof Error) return error.constructor?.name && error.constructor.name !== 'Error' ? error.constructor.name : error.name;
  return typeof error;
}

/** Library messages name models and methods; cut short in case one ever quotes more. */
function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function retryAfter(headers: ProviderError['headers']): number | undefined {
  if (!headers) return undefined;
  const raw = typeof (headers as Headers).get === 'function' ? (headers as Headers).get('retry-after') : (headers as Record<string, string>)['retry-after'];
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}
