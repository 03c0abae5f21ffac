/**
 * Owns which function calls the read-only gate refuses. Two layers: an explicit deny-list of
 * functions (and families) with side effects, file/network access, SQL-string execution or admin
 * power; and safe-by-default for the `pg_` admin namespace, where only a known read-only subset
 * (introspection, sizes, visibility) is allowed. Names are matched on their last part, lower-cased,
 * so `pg_catalog.pg_sleep`, `PG_SLEEP` and `"PG_SLEEP"` are judged alike (quoted upper case is a
 * different identifier to PostgreSQL; refusing it too costs nothing).
 *
 * Decisions:
 * - `xpath`, `xmlparse`, `xmltable` are allowed: they compute over their arguments, and PostgreSQL
 *   does not resolve external entities, so they reach no file or network.
 * - `current_setting` is allowed (reads), `set_config` refused (writes session state).
 * - `ts_stat` and `ts_rewrite` are refused: one of their forms runs a SQL string.
 * - Functions outside these lists (user functions too) are allowed: the database role and a READ
 *   ONLY transaction remain the last line of defence; this gate is the first.
 */

/** Why a family is refused, as shown to the caller (never includes the query's literals). */
const EXACT_DENY: ReadonlyMap<string, string> = new Map([
  ['pg_sleep_for', 'sleeps for a computed time'],
  ['pg_sleep_until', 'sleeps until a computed time'],
  ['set_config', 'changes server configuration'],
  ['setseed', 'changes session state'],
  ['nextval', 'advances a sequence'],
  ['setval', 'writes a sequence'],
  ['currval', 'reads session sequence state'],
  ['lastval', 'reads session sequence state'],
  ['txid_current', 'assigns a transaction id'],
  ['loread', 'reads a large object'],
  ['lowrite', 'writes a large object'],
  ['ts_stat', 'runs a SQL string'],
  ['ts_rewrite', 'can run a SQL string'],
  ['http', 'reaches the network'],
  ['brin_summarize_new_values', 'writes an index'],
  ['brin_summarize_range', 'writes an index'],
  ['brin_desummarize_range', 'writes an index'],
  ['gin_clean_pending_list', 'writes an index'],
]);

const PREFIX_DENY: ReadonlyArray<readonly [string, string]> = [
  ['lo_', 'accesses large objects or server files'],
  ['dblink', 'opens a remote connection'],
  ['postgres_fdw_', 'manages remote connections'],
  ['http_', 'reaches the network'],
  ['query_to_xml', 'runs a SQL string'],
  ['cursor_to_xml', 'reads from a cursor outside this query'],
  ['table_to_xml', 'reads a whole table outside this query'],
  ['schema_to_xml', 'reads whole schemas outside this query'],
  ['database_to_xml', 'reads the whole database outside this query'],
  ['binary_upgrade_', 'is an upgrade-only admin function'],
];

/** Specific reasons inside the pg_ namespace; everything else there is "admin function". */
const PG_REASONS: ReadonlyArray<readonly [string, string]> = [
  ['pg_sleep', 'sleeps'],
  ['pg_read_', 'reads server files'],
  ['pg_ls_', 'lists server directories'],
  ['pg_stat_file', 'reads server file metadata'],
  ['pg_file_', 'writes server files'],
  ['pg_terminate_backend', 'signals other sessions'],
  ['pg_cancel_backend', 'signals other sessions'],
  ['pg_reload_conf', 'reloads server configuration'],
  ['pg_rotate_logfile', 'rotates server logs'],
  ['pg_advisory_', 'takes advisory locks'],
  ['pg_try_advisory_', 'takes advisory locks'],
  ['pg_logical_', 'manages logical replication'],
  ['pg_create_', 'creates server objects'],
  ['pg_drop_', 'drops server objects'],
  ['pg_notify', 'sends notifications'],
];

// Read-only pg_ functions used for schema discovery and diagnostics.
const PG_ALLOW_EXACT: ReadonlySet<string> = new Set([
  'pg_typeof', 'pg_size_pretty', 'pg_size_bytes', 'pg_relation_size', 'pg_total_relation_size',
  'pg_table_size', 'pg_indexes_size', 'pg_database_size', 'pg_column_size', 'pg_has_role',
  'pg_encoding_to_char', 'pg_char_to_encoding', 'pg_client_encoding', 'pg_backend_pid',
  'pg_postmaster_start_time', 'pg_conf_load_time', 'pg_is_in_recovery', 'pg_describe_object',
  'pg_identify_object', 'pg_identify_object_as_address', 'pg_input_is_valid', 'pg_input_error_info',
  'pg_column_is_updatable', 'pg_relation_is_updatable', 'pg_index_column_has_property',
  'pg_index_has_property', 'pg_indexam_has_property', 'pg_partition_tree', 'pg_partition_root',
  'pg_partition_ancestors', 'pg_options_to_table', 'pg_trigger_depth', 'pg_jit_available',
  'pg_current_snapshot', 'pg_xact_status',
  'pg_visible_in_snapshot', 'pg_column_compression', 'pg_my_temp_schema', 'pg_is_other_temp_schema',
  'pg_listening_channels', 'pg_notification_queue_usage', 'pg_collation_actual_version', 'pg_basetype',
]);
const PG_ALLOW_PREFIX: readonly string[] = ['pg_get_', 'pg_stat_get_', 'pg_snapshot_'];
const PG_ALLOW_SUFFIX: readonly string[] = ['_is_visible'];

export const PG_SLEEP = 'pg_sleep';

/** The name a policy compares: the last part, lower-cased. */
export function policyName(nameParts: readonly string[]): string {
  return (nameParts[nameParts.length - 1] ?? '').toLowerCase();
}

/**
 * Why a function is refused, or undefined when it may run. `pg_sleep` itself is returned as
 * refused here; the gate lets it through separately when its argument is a small constant.
 */
export function forbiddenFunctionReason(nameParts: readonly string[]): string | undefined {
  const name = policyName(nameParts);
  const exact = EXACT_DENY.get(name);
  if (exact) return exact;
  for (const [prefix, reason] of PREFIX_DENY) if (name.startsWith(prefix)) return reason;
  if (!name.startsWith('pg_') || isAllowedPgFunction(name)) return undefined;
  for (const [prefix, reason] of PG_REASONS) if (name.startsWith(prefix)) return reason;
  return 'is an admin function outside the read-only allow-list';
}

function isAllowedPgFunction(name: string): boolean {
  return (
    PG_ALLOW_EXACT.has(name) ||
    PG_ALLOW_PREFIX.some((prefix) => name.startsWith(prefix)) ||
    PG_ALLOW_SUFFIX.some((suffix) => name.endsWith(suffix))
  );
}

/** Matches a caller's allowedFunctions entry: bare (`nextval`) or qualified (`public.f`), any case. */
export function isExplicitlyAllowed(nameParts: readonly string[], allowed: ReadonlySet<string>): boolean {
  if (allowed.size === 0) return false;
  return allowed.has(policyName(nameParts)) || allowed.has(nameParts.join('.').toLowerCase());
}
