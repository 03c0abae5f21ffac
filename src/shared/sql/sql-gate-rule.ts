/**
 * Owns the gate's rule ids and which rule refuses each kind of top-level statement. Rule values
 * reach API clients and audit logs: never rename one.
 */
export enum GateRule {
  Empty = 'empty',
  TooLong = 'too_long',
  SyntaxError = 'syntax_error',
  MultipleStatements = 'multiple_statements',
  NotSelect = 'not_select',
  DataModification = 'data_modification',
  DataModifyingCte = 'data_modifying_cte',
  Ddl = 'ddl',
  Privilege = 'privilege',
  Copy = 'copy',
  SessionState = 'session_state',
  Transaction = 'transaction',
  ProceduralCode = 'procedural_code',
  Notification = 'notification',
  PreparedStatement = 'prepared_statement',
  Cursor = 'cursor',
  Maintenance = 'maintenance',
  LockTable = 'lock_table',
  SelectInto = 'select_into',
  LockingClause = 'locking_clause',
  ExplainAnalyze = 'explain_analyze',
  ForbiddenFunction = 'forbidden_function',
  PgSleepBound = 'pg_sleep_bound',
  ForbiddenSchema = 'forbidden_schema',
  /** Views and functions that show other sessions or the server's private set-up. */
  OtherSessions = 'other_sessions',
}

export interface StatementRefusal {
  rule: GateRule;
  /** What the statement is, for the refusal message ("COPY", "a transaction statement"). */
  what: string;
}

const STATEMENT_RULES: Readonly<Record<string, StatementRefusal>> = {
  InsertStmt: { rule: GateRule.DataModification, what: 'INSERT' },
  UpdateStmt: { rule: GateRule.DataModification, what: 'UPDATE' },
  DeleteStmt: { rule: GateRule.DataModification, what: 'DELETE' },
  MergeStmt: { rule: GateRule.DataModification, what: 'MERGE' },
  TruncateStmt: { rule: GateRule.DataModification, what: 'TRUNCATE' },
  CopyStmt: { rule: GateRule.Copy, what: 'COPY' },
  VariableSetStmt: { rule: GateRule.SessionState, what: 'SET/RESET' },
  DiscardStmt: { rule: GateRule.SessionState, what: 'DISCARD' },
  AlterSystemStmt: { rule: GateRule.SessionState, what: 'ALTER SYSTEM' },
  VariableShowStmt: { rule: GateRule.NotSelect, what: 'SHOW (use current_setting())' },
  CallStmt: { rule: GateRule.ProceduralCode, what: 'CALL' },
  DoStmt: { rule: GateRule.ProceduralCode, what: 'DO' },
  ListenStmt: { rule: GateRule.Notification, what: 'LISTEN' },
  UnlistenStmt: { rule: GateRule.Notification, what: 'UNLISTEN' },
  NotifyStmt: { rule: GateRule.Notification, what: 'NOTIFY' },
  PrepareStmt: { rule: GateRule.PreparedStatement, what: 'PREPARE' },
  ExecuteStmt: { rule: GateRule.PreparedStatement, what: 'EXECUTE' },
  DeallocateStmt: { rule: GateRule.PreparedStatement, what: 'DEALLOCATE' },
  DeclareCursorStmt: { rule: GateRule.Cursor, what: 'DECLARE CURSOR' },
  FetchStmt: { rule: GateRule.Cursor, what: 'FETCH/MOVE' },
  ClosePortalStmt: { rule: GateRule.Cursor, what: 'CLOSE' },
  TransactionStmt: { rule: GateRule.Transaction, what: 'a transaction statement' },
  VacuumStmt: { rule: GateRule.Maintenance, what: 'VACUUM/ANALYZE' },
  ClusterStmt: { rule: GateRule.Maintenance, what: 'CLUSTER' },
  ReindexStmt: { rule: GateRule.Maintenance, what: 'REINDEX' },
  CheckPointStmt: { rule: GateRule.Maintenance, what: 'CHECKPOINT' },
  LoadStmt: { rule: GateRule.Maintenance, what: 'LOAD' },
  RefreshMatViewStmt: { rule: GateRule.Maintenance, what: 'REFRESH MATERIALIZED VIEW' },
  LockStmt: { rule: GateRule.LockTable, what: 'LOCK TABLE' },
  GrantStmt: { rule: GateRule.Privilege, what: 'GRANT/REVOKE' },
  GrantRoleStmt: { rule: GateRule.Privilege, what: 'GRANT/REVOKE role' },
  AlterDefaultPrivilegesStmt: { rule: GateRule.Privilege, what: 'ALTER DEFAULT PRIVILEGES' },
  CreateRoleStmt: { rule: GateRule.Privilege, what: 'CREATE ROLE' },
  AlterRoleStmt: { rule: GateRule.Privilege, what: 'ALTER ROLE' },
  AlterRoleSetStmt: { rule: GateRule.Privilege, what: 'ALTER ROLE' },
  DropRoleStmt: { rule: GateRule.Privilege, what: 'DROP ROLE' },
  ReassignOwnedStmt: { rule: GateRule.Privilege, what: 'REASSIGN OWNED' },
  CreateTableAsStmt: { rule: GateRule.Ddl, what: 'CREATE TABLE AS' },
};

// DDL node names share these prefixes (CreateStmt, AlterTableStmt, DropStmt, RenameStmt...).
const DDL_PREFIXES = ['Create', 'Alter', 'Drop', 'Rename', 'Define', 'Comment', 'SecLabel', 'Import'];
const DDL_TYPES = new Set(['IndexStmt', 'ViewStmt', 'RuleStmt', 'CompositeTypeStmt', 'ReassignOwnedStmt']);

/** The refusal for any top-level statement that is not SELECT or EXPLAIN. */
export function refusalForStatement(type: string): StatementRefusal {
  if (Object.hasOwn(STATEMENT_RULES, type)) return STATEMENT_RULES[type];
  const what = type.endsWith('Stmt') ? type.slice(0, -'Stmt'.length) : type;
  if (DDL_TYPES.has(type) || DDL_PREFIXES.some((prefix) => type.startsWith(prefix))) {
    return { rule: GateRule.Ddl, what: `DDL (${what})` };
  }
  return { rule: GateRule.NotSelect, what };
}
