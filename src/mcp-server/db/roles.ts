/**
 * The three login roles and their grants. medcor_analyst: USAGE + SELECT on the de-identified
 * schema `reporting` and nothing on `medcor` (search_path `reporting`, read-only by default): the
 * SQL tools run caller SQL as this role only. medcor_reader: USAGE + SELECT on schema medcor, for
 * the internal patient tools (care team checked, audited). medcor_auditor: INSERT + SELECT on the
 * audit log (no UPDATE/DELETE/TRUNCATE) and SELECT on medcor.care_team for access checks. Roles
 * are cluster-wide, grants per database; every statement is safe to run again.
 */
import { randomBytes } from 'node:crypto';
import { quoteLiteral, type AdminConnection } from './admin-connection';

export interface RolePasswords {
  reader?: string;
  auditor?: string;
  analyst?: string;
}

export const LOGIN_ROLES = ['medcor_reader', 'medcor_auditor', 'medcor_analyst'] as const;

/**
 * Catalog views and functions that show other sessions (their queries, locks, clients, prepared
 * transactions). All medcor_analyst sessions share one role, and PostgreSQL shows a role its own
 * sessions' query text, so one analyst could read another's. Revoked from PUBLIC in this database
 * and granted back to pg_monitor; the SQL gate refuses them too (shared/sql).
 */
export const SESSION_VIEWS = [
  'pg_stat_activity', 'pg_locks', 'pg_stat_ssl', 'pg_stat_gssapi', 'pg_prepared_xacts', 'pg_stat_replication',
  'pg_stat_wal_receiver', 'pg_stat_subscription', 'pg_stat_progress_vacuum', 'pg_stat_progress_analyze',
  'pg_stat_progress_create_index', 'pg_stat_progress_cluster', 'pg_stat_progress_basebackup', 'pg_stat_progress_copy',
  'pg_backend_memory_contexts', 'pg_replication_slots', 'pg_stat_replication_slots',
];
export const SESSION_FUNCTIONS = [
  'pg_stat_get_activity(integer)', 'pg_lock_status()', 'pg_prepared_xact()', 'pg_blocking_pids(integer)',
  'pg_safe_snapshot_blocking_pids(integer)', 'pg_stat_get_wal_senders()', 'pg_stat_get_wal_receiver()',
  'pg_stat_get_progress_info(text)', 'pg_stat_get_backend_activity(integer)', 'pg_stat_get_backend_client_addr(integer)',
  'pg_stat_get_backend_userid(integer)', 'pg_stat_get_backend_pid(integer)', 'pg_stat_get_backend_dbid(integer)',
  'pg_stat_get_backend_idset()', 'pg_get_backend_memory_contexts()',
];

export async function applyRolesAndGrants(admin: AdminConnection, passwords: RolePasswords = {}): Promise<void> {
  // Two setups racing on one cluster may both try CREATE ROLE; the loser's error is harmless.
  for (const role of LOGIN_ROLES) {
    await admin.exec(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} LOGIN; END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
  }
  if (passwords.reader) await admin.exec(`ALTER ROLE medcor_reader PASSWORD ${quoteLiteral(passwords.reader)}`);
  if (passwords.auditor) await admin.exec(`ALTER ROLE medcor_auditor PASSWORD ${quoteLiteral(passwords.auditor)}`);
  if (passwords.analyst) await admin.exec(`ALTER ROLE medcor_analyst PASSWORD ${quoteLiteral(passwords.analyst)}`);
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

    ALTER ROLE medcor_analyst SET default_transaction_read_only = on;
    ALTER ROLE medcor_analyst SET statement_timeout = '60s';
    ALTER ROLE medcor_analyst SET search_path = reporting;
    -- Joins on the views' computed keys are estimated far too large, which would make every such
    -- join pay seconds of JIT compilation and spill its sort to disk.
    ALTER ROLE medcor_analyst SET jit = off;
    ALTER ROLE medcor_analyst SET work_mem = '16MB';
    REVOKE ALL ON SCHEMA medcor_private FROM PUBLIC;
    REVOKE ALL ON ALL TABLES IN SCHEMA medcor_private FROM PUBLIC;
    REVOKE ALL ON SCHEMA reporting FROM PUBLIC;
    REVOKE ALL ON ALL TABLES IN SCHEMA reporting FROM PUBLIC;
    REVOKE ALL ON SCHEMA medcor FROM medcor_analyst;
    REVOKE ALL ON ALL TABLES IN SCHEMA medcor FROM medcor_analyst;
    GRANT USAGE ON SCHEMA reporting TO medcor_analyst;
    GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO medcor_analyst;
  `);
  await ensurePseudonymKey(admin);
  await revokeSessionViews(admin);
}

/**
 * Creates the database's pseudonym key once (32 random bytes), stored as the HMAC inner and
 * outer pads so that the views can compute HMAC-SHA256 with the core sha256() alone.
 */
export async function ensurePseudonymKey(admin: AdminConnection): Promise<void> {
  const existing = await admin.rows('SELECT 1 FROM medcor_private.pseudonym_key');
  if (existing.length > 0) return;
  const block = Buffer.alloc(64);
  randomBytes(32).copy(block);
  const pad = (byte: number): Buffer => Buffer.from(block.map((b) => b ^ byte));
  await admin.rows('INSERT INTO medcor_private.pseudonym_key (inner_pad, outer_pad) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    pad(0x36), pad(0x5c),
  ]);
}

/** Best effort: a setup user that is not a superuser may not own these catalog objects. */
async function revokeSessionViews(admin: AdminConnection): Promise<void> {
  const list = (items: string[]): string => `ARRAY[${items.map(quoteLiteral).join(', ')}]`;
  await admin.exec(`DO $$ DECLARE obj text; BEGIN
    FOREACH obj IN ARRAY ${list(SESSION_VIEWS)} LOOP
      IF to_regclass('pg_catalog.' || obj) IS NOT NULL THEN
        BEGIN
          EXECUTE format('REVOKE ALL ON pg_catalog.%I FROM PUBLIC', obj);
          EXECUTE format('GRANT SELECT ON pg_catalog.%I TO pg_monitor', obj);
        EXCEPTION WHEN insufficient_privilege THEN NULL; END;
      END IF;
    END LOOP;
    FOREACH obj IN ARRAY ${list(SESSION_FUNCTIONS)} LOOP
      IF to_regprocedure('pg_catalog.' || obj) IS NOT NULL THEN
        BEGIN
          EXECUTE 'REVOKE EXECUTE ON FUNCTION pg_catalog.' || obj || ' FROM PUBLIC';
          EXECUTE 'GRANT EXECUTE ON FUNCTION pg_catalog.' || obj || ' TO pg_monitor';
        EXCEPTION WHEN insufficient_privilege THEN NULL; END;
      END IF;
    END LOOP;
  END $$`);
}
