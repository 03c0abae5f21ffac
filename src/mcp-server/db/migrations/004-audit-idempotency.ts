/**
 * One audit row per recorded event, however often its write is delivered: a write retried after
 * a timeout (the first one may have committed) carries the same key and adds nothing. The key is
 * nullable because rows written outside a task (a refusal at submit) have no run to key them by.
 * Adding a column is not an UPDATE, so the append-only triggers of 002 stay as they are.
 */
export const auditIdempotency = `
ALTER TABLE medcor_audit.audit_log ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX audit_log_idempotency_key_idx ON medcor_audit.audit_log(idempotency_key) WHERE idempotency_key IS NOT NULL;
`;
