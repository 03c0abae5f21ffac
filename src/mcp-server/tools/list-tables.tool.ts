/** list_tables: the tables of schema medcor with estimated row counts, and the database names. */
import { defineTool, type ToolDefinition } from './tool-definition';
import type { DatabaseRegistry } from '../db/database-registry';
import { databaseArg, engineFor, renderTextTable, runOwnSql } from '../db/tool-helpers';

const LIST_SQL = `
  SELECT c.relname AS table_name,
         CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'table' END AS kind,
         greatest(c.reltuples, 0)::bigint AS estimated_rows,
         (SELECT count(*) FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)::int AS column_count
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'medcor' AND c.relkind IN ('r', 'p', 'v', 'm')
     AND has_table_privilege(c.oid, 'SELECT')
   ORDER BY c.relname`;

export function listTablesTool(registry: DatabaseRegistry): ToolDefinition {
  return defineTool({
    name: 'list_tables',
    title: 'List tables',
    description: 'Lists the queryable tables (schema "medcor") with estimated row counts, and the names of all databases.',
    inputSchema: { database: databaseArg },
    audience: 'agent',
    readOnly: true,
    async handler(args, ctx) {
      const { engine, database } = engineFor(registry, args.database);
      const [rows] = await runOwnSql<[unknown]>(engine, 'reader', { readOnly: true, statementTimeoutMs: registry.statementTimeoutMs, signal: ctx.signal }, [
        { sql: LIST_SQL },
      ]);
      const tables = rows.map((r) => ({
        schema: 'medcor',
        table: String(r.table_name),
        kind: String(r.kind),
        estimated_rows: Number(r.estimated_rows),
        column_count: Number(r.column_count),
      }));
      const text = [
        `Database ${database} (databases: ${registry.names().join(', ')}). Query tables as medcor.<table>.`,
        renderTextTable(['table', 'kind', 'estimated_rows', 'columns'], tables.map((t) => [t.table, t.kind, t.estimated_rows, t.column_count]), 200),
      ].join('\n');
      return { text, data: { database, databases: registry.names(), tables } };
    },
  }) as unknown as ToolDefinition;
}
