/**
 * shared/sql: the one place the service understands SQL, always through PostgreSQL's own parser.
 * The dispatcher routes on analyseSqlShape, the MCP tools server runs only what
 * checkReadOnlyQuery allows, and code analysis reports lintSql's findings.
 */
export { parseSql, loadSqlParser, SqlSyntaxError } from './sql-parser';
export type { ParsedSql } from './sql-parser';
export { checkReadOnlyQuery, GateRule, DEFAULT_MAX_SQL_LENGTH, DEFAULT_MAX_SLEEP_SECONDS } from './sql-gate';
export type { GateResult, SqlGateOptions } from './sql-gate';
export { analyseSqlShape, SqlFeature } from './sql-shape';
export type { SqlShape } from './sql-shape';
export { lintSql } from './sql-lint';
export type { SqlFinding } from './sql-lint';
export { fingerprintSql } from './sql-fingerprint';
