/**
 * Every failure the service reports has one of these codes. The HTTP status for each lives in
 * one table (core/http/error-status.ts); the retry policy reads `transient` on the error itself.
 * Values are part of the public error shape: never rename one.
 */
export enum ErrorCode {
  ValidationFailed = 'validation_failed',
  MalformedJson = 'malformed_json',
  PayloadTooLarge = 'payload_too_large',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  IdempotencyMismatch = 'idempotency_key_reused',
  RateLimited = 'rate_limited',
  SqlRefused = 'sql_refused',
  UnknownDatabase = 'unknown_database',
  LlmNotConfigured = 'llm_not_configured',
  LlmUnavailable = 'llm_unavailable',
  /** The model answered, but not in the required structure, even after one repair request. */
  LlmBadOutput = 'llm_bad_output',
  /**
   * The LLM client library or the provider refused the request as configured (model without a
   * feature, invalid parameter, unknown model, rejected key): retrying cannot help, an operator must.
   */
  LlmConfig = 'llm_config',
  McpUnavailable = 'mcp_unavailable',
  ToolFailed = 'tool_failed',
  QueueUnavailable = 'queue_unavailable',
  /** This instance is at a capacity limit of its own (e.g. open task event streams); retry later. */
  Overloaded = 'service_overloaded',
  Timeout = 'timeout',
  Cancelled = 'cancelled',
  /** Bull gave up on the job after it stalled too often (its workers kept dying under it). */
  JobStalled = 'job_stalled',
  /** The task's job is no longer in the queue (deleted, or lost with Redis data). */
  JobLost = 'job_lost',
  Internal = 'internal_error',
}
