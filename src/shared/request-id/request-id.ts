/**
 * A request id from outside is kept only when it is opaque: a UUID or 16–64 hex digits (a W3C
 * trace id). Ids reach every log line and the audit log; free text there ("jane-doe-1950-01-01")
 * would be patient data in the logs. Shared by the gateway (X-Request-Id) and the tools server
 * (the id an MCP client sends in `_meta`).
 */
const OPAQUE_REQUEST_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,64})$/i;

export function opaqueRequestId(value: unknown): string | undefined {
  return typeof value === 'string' && OPAQUE_REQUEST_ID.test(value) ? value : undefined;
}
