import { ErrorCode } from '../errors';

/** The one table from error code to HTTP status. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.MalformedJson]: 400,
  [ErrorCode.SqlRefused]: 400,
  [ErrorCode.UnknownDatabase]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.IdempotencyMismatch]: 422,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.Internal]: 500,
  [ErrorCode.ToolFailed]: 502,
  // The upstream model answered something unusable: a bad gateway answer, not our fault or the client's.
  [ErrorCode.LlmBadOutput]: 502,
  [ErrorCode.LlmNotConfigured]: 503,
  [ErrorCode.LlmUnavailable]: 503,
  // Like llm_not_configured: the service cannot do LLM work until an operator changes its setup.
  [ErrorCode.LlmConfig]: 503,
  [ErrorCode.McpUnavailable]: 503,
  [ErrorCode.QueueUnavailable]: 503,
  [ErrorCode.Overloaded]: 503,
  [ErrorCode.Timeout]: 504,
  [ErrorCode.Cancelled]: 409,
  [ErrorCode.JobStalled]: 500,
  [ErrorCode.JobLost]: 500,
};
