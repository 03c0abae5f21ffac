import { ErrorCode } from './error-code';

export interface AppErrorOptions {
  /** Safe, structured detail for the client (never patient data). */
  details?: unknown;
  /** A transient error may succeed if retried (LLM 429/5xx/timeouts, MCP connection loss). */
  transient?: boolean;
  cause?: unknown;
  /** Seconds a client should wait before retrying (429/503). */
  retryAfterSeconds?: number;
}

/** The one error type that domain code throws; the HTTP filter and the task runner both read it. */
export class AppError extends Error {
  readonly details?: unknown;
  readonly transient: boolean;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.details = options.details;
    this.transient = options.transient ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  static isTransient(error: unknown): boolean {
    return error instanceof AppError && error.transient;
  }
}
