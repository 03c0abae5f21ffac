/**
 * The two login roles and their grants. medcor_reader: USAGE + SELECT on schema medcor and
 * nothing else (read-only by default too). medcor_auditor: INSERT + SELECT on the audit log (no
 * UPDATE/DELETE/TRUNCATE) and SELECT on medcor.care_team for access checks. Roles are
 * cluster-wide, grants per database; every statement is safe to run again.
 */
import { quoteLiteral, type AdminConnection } from './admin-connection';

export interface RolePasswords {
  reader?: string;
  auditor?: string;
}

export async function applyRolesAndGrants(admin: AdminConnection, passwords: RolePasswords = {}): Promise<void> {
  // Two setups racing on one cluster may both try CREATE ROLE; the loser's error is harmless.
  for (const role of ['medcor_reader', 'medcor_auditor']) {
    await admin.exec(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} LOGIN; END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
  }
  if (passwords.reader) await admin.exec(`ALTER ROLE medcor_reader PASSWORD ${quoteLiteral(passwords.reader)}`);
  if (passwords.auditor) await admin.exec(`ALTER ROLE medcor_auditor PASSWORD ${quoteLiteral(passwords.auditor)}`);
  await admin.exec(`
    ALTER ROLE medcor_reader SET default_transaction_read_only = on;
    ALTER ROLE medcor_reader SET statement_timeout = '60s';
    REVOKE ALL ON SCHEMA medcor FROM PUBLIC;
    REVOKE ALL ON SCHEMA medcor_audit FROM PUBLIC;
    REVOKE ALL ON ALL TABLES IN SCHEMA medcor FROM PUBLIC;
    REVOKE ALL ON ALL TABLES IN SCHEMA medcor_audit FROM PUBLIC;
    REVOKE ALL ON ALL SEQUENCES IN SCHEMA medcor_audit FROM PUBLIC;
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;

    GRANT USAGE ON SCHEMA medcor TO medcor_reader;
    GRANT SELECT ON ALL TABLES IN SCHEMA medcor TO medcor_reader;
    ALTER DEFAULT PRIVILEGES IN SCHEMA medcor GRANT SELECT ON TABLES TO medcor_reader;

    GRANT USAGE ON SCHEMA medcor TO medcor_auditor;
    GRANT SELECT ON medcor.care_team TO medcor_auditor;
    GRANT USAGE ON SCHEMA medcor_audit TO medcor_auditor;
    REVOKE ALL ON medcor_audit.audit_log FROM medcor_auditor;
    GRANT INSERT, SELECT ON medcor_audit.audit_log TO medcor_auditor;
    GRANT USAGE ON SEQUENCE medcor_audit.audit_log_id_seq TO medcor_auditor;
  `);
}
