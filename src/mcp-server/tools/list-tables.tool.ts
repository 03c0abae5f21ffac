/** list_tables: the de-identified reporting views with estimated row counts, and the database names. */
import { defineTool, type ToolDefinition } from './tool-definition';
import type { DatabaseRegistry } from '../db/database-registry';
import { REPORTING_SCHEMA } from '../db/reporting-access';
import { renderTextTable } from '../../shared/format';
import { databaseArg, engineFor, MORE_ROWS, runOwnSql } from '../db/tool-helpers';
import { auditedSqlRequest } from './sql-audit';

const LIST_SQL = `
  SELECT c.relname AS table_name,
         CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'table' END AS kind,
         (SELECT count(*) FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)::int AS column_count
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = '${REPORTING_SCHEMA}' AND c.relkind IN ('r', 'p', 'v', 'm')
     AND has_table_privilege(c.oid, 'SELECT')
   ORDER BY c.relname`;

export function listTablesTool(registry: DatabaseRegistry): ToolDefinition {
  return defineTool({
    name: 'list_tables',
    title: 'List tables',
    description:
      'Lists the queryable tables: de-identified reporting views of the hospital data (pseudonymous patient_key, ' +
      'years instead of dates, no names or contact data), and the names of all databases.',
    inputSchema: { database: databaseArg },
    audience: 'agent',
    readOnly: true,
    async handler(args, ctx) {
      const { engine, database } = engineFor(registry, args.database);
      const rows = await auditedSqlRequest(registry, ctx, { action: 'list_tables', database }, async () => {
        const [output] = await runOwnSql<[unknown]>(engine, 'analyst', { readOnly: true, statementTimeoutMs: registry.statementTimeoutMs, signal: ctx.signal }, [
          { sql: LIST_SQL },
        ]);
        return { output, rowCount: output.length };
      });
      const tables = rows.map((r) => ({
        schema: REPORTING_SCHEMA,
        table: String(r.table_name),
        kind: String(r.kind),
        column_count: Number(r.column_count),
      }));
      const text = [
        `Database ${database} (databases: ${registry.names().join(', ')}). Query these by name (SELECT … FROM patients); ` +
          'they are de-identified: patient_key/encounter_key are pseudonyms, dates are years, ages over 89 are 90.',
        renderTextTable(['table', 'kind', 'columns'], tables.map((t) => [t.table, t.kind, t.column_count]), 200, MORE_ROWS),
      ].join('\n');
      return { text, data: { database, databases: registry.names(), tables } };
    },
  }) as unknown as ToolDefinition;
}
