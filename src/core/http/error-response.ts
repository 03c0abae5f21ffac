import { HttpException, HttpStatus } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { AppError, ErrorCode } from '../errors';
import { ERROR_STATUS } from './error-status';

/** The one error body: `{success: false, error, code, details?, request_id}`. */
export interface ErrorBody {
  success: false;
  error: string;
  code: string;
  details?: unknown;
  request_id: string;
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

const STATUS_CODE: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.ValidationFailed,
  429: ErrorCode.RateLimited,
};

/**
 * Maps anything thrown (our AppError, Nest's HttpException, Fastify's parser errors) to the one
 * error shape. Unknown errors become a 500 whose message reveals nothing internal.
 */
export function toErrorResponse(error: unknown, requestId: string): ErrorResponse {
  const headers: Record<string, string> = {};
  let status: number;
  let code: string;
  let message: string;
  let details: unknown;

  if (error instanceof AppError) {
    status = ERROR_STATUS[error.code];
    code = error.code;
    message = error.message;
    details = error.details;
    if (error.retryAfterSeconds) headers['retry-after'] = String(error.retryAfterSeconds);
  } else if (error instanceof ThrottlerException) {
    status = HttpStatus.TOO_MANY_REQUESTS;
    code = ErrorCode.RateLimited;
    message = 'Too many requests: slow down and retry after the time in Retry-After';
  } else if (error instanceof HttpException) {
    status = error.getStatus();
    code = STATUS_CODE[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.ValidationFailed);
    const response = error.getResponse();
    message = typeof response === 'string' ? response : ((response as { message?: unknown }).message as string) ?? error.message;
    if (status === 400 && typeof message === 'string' && /not valid JSON|Unexpected token|JSON at position/i.test(message)) {
      code = ErrorCode.MalformedJson;
      message = 'The body is not valid JSON';
    }
    if (Array.isArray(message)) {
      details = message;
      message = 'Request validation failed';
    }
    if (status === 404 && /^Cannot (GET|POST|PUT|DELETE|PATCH)/.test(message)) message = `No such endpoint: ${message.slice(7)}`;
  } else if (isFastifyError(error)) {
    ({ status, code, message } = fromFastify(error));
  } else {
    status = 500;
    code = ErrorCode.Internal;
    message = 'Internal server error';
  }

  const body: ErrorBody = { success: false, error: message, code, request_id: requestId };
  if (details !== undefined) body.details = details;
  return { status, body, headers };
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message: string;
}

function isFastifyError(error: unknown): error is FastifyLikeError {
  return typeof error === 'object' && error !== null && typeof (error as FastifyLikeError).statusCode === 'number';
}

function fromFastify(error: FastifyLikeError): { status: number; code: string; message: string } {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: ErrorCode.PayloadTooLarge, message: 'Request body is larger than the limit' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: ErrorCode.ValidationFailed, message: 'Content-Type must be application/json' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: ErrorCode.MalformedJson, message: 'The JSON body is empty' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: ErrorCode.MalformedJson, message: 'The body is not valid JSON' };
  }
  const status = error.statusCode ?? 500;
  if (status === 400 && (error instanceof SyntaxError || /JSON/i.test(error.message))) {
    return { status, code: ErrorCode.MalformedJson, message: 'The body is not valid JSON' };
  }
  if (status >= 500) return { status: 500, code: ErrorCode.Internal, message: 'Internal server error' };
  return { status, code: STATUS_CODE[status] ?? ErrorCode.ValidationFailed, message: error.message };
}
