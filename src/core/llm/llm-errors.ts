import { AppError, ErrorCode } from '../errors';

interface ProviderError {
  status?: number;
  name?: string;
  code?: string;
  message?: string;
  headers?: Record<string, string> | Headers;
  lc_error_code?: string;
}

/**
 * Classifies what the OpenAI client threw: 429, 5xx, timeouts and connection failures are
 * transient (retried, fall back to the next model); 4xx are permanent. Messages name the
 * upstream status only, never the prompt.
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
  if (status !== undefined && status >= 500) {
    return new AppError(ErrorCode.LlmUnavailable, `The LLM server answered ${status} for ${model}`, { transient: true, cause: error });
  }
  if (status === 401 || status === 403) {
    return new AppError(ErrorCode.LlmUnavailable, `The LLM server refused the API key (${status}); check OPENAI_API_KEY`, { cause: error });
  }
  if (status !== undefined) {
    return new AppError(ErrorCode.LlmUnavailable, `The LLM server rejected the request (${status}) for ${model}`, { cause: error });
  }
  const name = e.name ?? '';
  if (name === 'OutputParserException' || e.lc_error_code === 'OUTPUT_PARSING_FAILURE') {
    // The model answered, but not in the required shape: retrying the same prompt is not a fix
    // for a network fault, so this fails the task at once.
    return new AppError(ErrorCode.LlmUnavailable, `The model's answer (${model}) did not match the expected structure`, { cause: error });
  }
  const text = `${e.message ?? ''}`;
  if (/timeout/i.test(name) || /timed? ?out/i.test(text)) {
    return new AppError(ErrorCode.LlmUnavailable, `The LLM (${model}) did not answer in time`, { transient: true, cause: error });
  }
  // Connection refused/reset and the SDK's "Connection error." are worth retrying.
  return new AppError(ErrorCode.LlmUnavailable, `The LLM server could not be reached for ${model}`, { transient: true, cause: error });
}

function retryAfter(headers: ProviderError['headers']): number | undefined {
  if (!headers) return undefined;
  const raw = typeof (headers as Headers).get === 'function' ? (headers as Headers).get('retry-after') : (headers as Record<string, string>)['retry-after'];
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}
