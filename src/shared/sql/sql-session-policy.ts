/**
 * Owns what the gate refuses because it shows OTHER sessions or the server's private set-up:
 * catalog views and functions with other sessions' queries, clients, locks and prepared
 * transactions (every analyst shares one database role, and PostgreSQL shows a role its own
 * sessions' query text), and settings that name server files, addresses or credentials. The
 * tools server also revokes these views from PUBLIC (mcp-server/db/roles.ts); this is the first
 * line, the grants the second.
 */

const SESSION_RELATIONS: ReadonlySet<string> = new Set([
  'pg_stat_activity', 'pg_locks', 'pg_stat_ssl', 'pg_stat_gssapi', 'pg_prepared_xacts', 'pg_stat_replication',
  'pg_stat_wal_receiver', 'pg_stat_subscription', 'pg_stat_statements', 'pg_stat_statements_info',
  'pg_backend_memory_contexts', 'pg_replication_slots', 'pg_stat_replication_slots', 'pg_hba_file_rules',
  'pg_ident_file_mappings', 'pg_file_settings', 'pg_settings', 'pg_shadow', 'pg_authid', 'pg_user_mappings',
  'pg_roles', 'pg_user', 'pg_auth_members',
]);
const SESSION_RELATION_PREFIXES = ['pg_stat_progress_'];

const SESSION_FUNCTIONS: ReadonlySet<string> = new Set([
  'pg_stat_get_activity', 'pg_lock_status', 'pg_prepared_xact', 'pg_blocking_pids', 'pg_safe_snapshot_blocking_pids',
  'pg_stat_get_wal_senders', 'pg_stat_get_wal_receiver', 'pg_stat_get_progress_info', 'pg_stat_get_subscription',
  'pg_get_backend_memory_contexts', 'pg_stat_statements', 'pg_stat_statements_info', 'pg_stat_statements_reset',
  'pg_show_all_settings', 'pg_show_all_file_settings', 'pg_hba_file_rules', 'pg_ident_file_mappings',
  'pg_get_replication_slots', 'pg_stat_get_replication_slot', 'inet_server_addr', 'inet_server_port',
  'pg_current_logfile',
]);
const SESSION_FUNCTION_PREFIXES = ['pg_stat_get_backend_', 'pg_stat_get_db_'];

/** Settings whose value names server files, hosts, ports or credentials. */
const SENSITIVE_SETTINGS: ReadonlySet<string> = new Set([
  'data_directory', 'config_file', 'hba_file', 'ident_file', 'external_pid_file', 'log_directory', 'log_filename',
  'ssl_cert_file', 'ssl_key_file', 'ssl_ca_file', 'ssl_crl_file', 'ssl_crl_dir', 'ssl_passphrase_command',
  'krb_server_keyfile', 'listen_addresses', 'port', 'unix_socket_directories', 'unix_socket_group', 'cluster_name',
  'primary_conninfo', 'primary_slot_name', 'restore_command', 'archive_command', 'archive_library',
  'shared_preload_libraries', 'session_preload_libraries', 'local_preload_libraries', 'dynamic_library_path',
  'stats_temp_directory', 'data_directory_mode',
]);

const lower = (name: string): string => name.toLowerCase();

/** Why a relation (bare or pg_catalog-qualified) is refused, or undefined. */
export function sessionRelationReason(schema: string | undefined, relation: string): string | undefined {
  if (schema !== undefined && lower(schema) !== 'pg_catalog' && lower(schema) !== 'public') return undefined;
  const name = lower(relation);
  if (SESSION_RELATIONS.has(name) || SESSION_RELATION_PREFIXES.some((prefix) => name.startsWith(prefix))) {
    return `${name} shows other sessions or server settings and is not available here`;
  }
  return undefined;
}

/** Why a function is refused for showing other sessions, or undefined (name: last part, any case). */
export function sessionFunctionReason(name: string): string | undefined {
  const bare = lower(name);
  if (SESSION_FUNCTIONS.has(bare) || SESSION_FUNCTION_PREFIXES.some((prefix) => bare.startsWith(prefix))) {
    return 'shows other sessions or server set-up';
  }
  return undefined;
}

/** current_setting()/pg_settings_get_flags(): a constant, non-sensitive setting name only. */
export function settingReason(settingName: string | undefined): string | undefined {
  if (settingName === undefined) return 'is allowed only with a constant setting name';
  if (SENSITIVE_SETTINGS.has(lower(settingName))) return `would reveal the server's ${lower(settingName)} setting`;
  return undefined;
}
