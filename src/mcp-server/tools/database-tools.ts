/**
 * The agent-facing database tools of medcor-tools. Every caller-written statement goes through
 * runReadOnlyQuery (db/read-only-query.ts); catalogue look-ups use fixed, parameterised SQL.
 */
import type { ToolDefinition } from './tool-definition';
import type { DatabaseRegistry } from '../db/database-registry';
import { listDatabasesTool } from './list-databases.tool';
import { listTablesTool } from './list-tables.tool';
import { describeTableTool } from './describe-table.tool';
import { sqlQueryTool } from './sql-query.tool';
import { explainQueryTool } from './explain-query.tool';

export function databaseTools(registry: DatabaseRegistry): ToolDefinition[] {
  return [listDatabasesTool(registry), listTablesTool(registry), describeTableTool(registry), sqlQueryTool(registry), explainQueryTool(registry)];
}
