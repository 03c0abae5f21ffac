/**
 * The append-only audit log. Append-only is enforced twice: the auditor role gets INSERT and
 * SELECT only (roles.ts), and a trigger refuses UPDATE/DELETE/TRUNCATE even for the owner, so
 * a mistake in grants does not silently make the log mutable.
 */
export const auditLog = `
CREATE SCHEMA IF NOT EXISTS medcor_audit;

CREATE TABLE medcor_audit.audit_log (
  id          bigserial PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  actor_roles text[] NOT NULL DEFAULT '{}',
  action      text NOT NULL,
  patient_id  integer,
  purpose     text,
  task_id     text,
  outcome     text NOT NULL,
  request_id  text,
  details     jsonb
);
CREATE INDEX audit_log_occurred_at_idx ON medcor_audit.audit_log(occurred_at);
CREATE INDEX audit_log_actor_idx ON medcor_audit.audit_log(actor, occurred_at);
CREATE INDEX audit_log_patient_idx ON medcor_audit.audit_log(patient_id, occurred_at);

CREATE FUNCTION medcor_audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'medcor_audit.audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON medcor_audit.audit_log
  FOR EACH ROW EXECUTE FUNCTION medcor_audit.refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON medcor_audit.audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION medcor_audit.refuse_change();
`;
