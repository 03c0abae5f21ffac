/** describe_table: the columns (with what each one generalises) of one de-identified reporting view. */
import { z } from 'zod';
import { defineTool, ToolError, ToolErrorCode, type ToolDefinition } from './tool-definition';
import type { DatabaseRegistry } from '../db/database-registry';
import { IDENTIFIED_REFUSAL, IDENTIFIED_SCHEMAS, REPORTING_SCHEMA } from '../db/reporting-access';
import { renderTextTable } from '../../shared/format';
import { databaseArg, engineFor, MORE_ROWS, runOwnSql } from '../db/tool-helpers';
import { auditedSqlRequest } from './sql-audit';

const COLUMNS_SQL = `
  SELECT a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
         NOT a.attnotnull AS nullable, pg_catalog.col_description(a.attrelid, a.attnum) AS description
    FROM pg_catalog.pg_attribute a
   WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
   ORDER BY a.attnum`;
const EXISTS_SQL = `
  SELECT c.relname AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = '${REPORTING_SCHEMA}' AND c.relkind IN ('r', 'p', 'v', 'm') AND has_table_privilege(c.oid, 'SELECT')
   ORDER BY 1`;

/** `patients`, `reporting.patients`, `"patients"` → `patients`; identified schemas are refused. */
function tableName(raw: string): string {
  const parts = raw.split('.').map((part) => part.trim().replace(/^"|"$/g, ''));
  if (parts.length > 1 && IDENTIFIED_SCHEMAS.includes(parts[0].toLowerCase())) {
    throw new ToolError(ToolErrorCode.Forbidden, `Refused: ${IDENTIFIED_REFUSAL}.`);
  }
  return parts.length > 1 && parts[0].toLowerCase() === REPORTING_SCHEMA ? parts.slice(1).join('.') : parts.join('.');
}

export function describeTableTool(registry: DatabaseRegistry): ToolDefinition {
  return defineTool({
    name: 'describe_table',
    title: 'Describe a table',
    description: 'Shows the columns (name, type, nullable, what was de-identified) of one de-identified reporting view, e.g. "patients".',
    inputSchema: {
      database: databaseArg,
      table: z.string().min(1).max(130).describe('Table name, e.g. "patients" or "encounters"'),
    },
    audience: 'agent',
    readOnly: true,
    async handler(args, ctx) {
      const { engine, database } = engineFor(registry, args.database);
      const options = { readOnly: true, statementTimeoutMs: registry.statementTimeoutMs, signal: ctx.signal };
      const { table, columns } = await auditedSqlRequest(registry, ctx, { action: 'describe_table', database, details: { table: args.table.slice(0, 130) } }, async () => {
        const name = tableName(args.table);
        const [known] = await runOwnSql<[unknown]>(engine, 'analyst', options, [{ sql: EXISTS_SQL }]);
        const names = known.map((r) => String(r.name));
        if (!names.includes(name)) {
          throw new ToolError(ToolErrorCode.NotFound, `No table "${args.table}". Tables: ${names.join(', ')}`, { tables: names });
        }
        // The name is checked against the catalogue above and still travels as a bound parameter.
        const [rows] = await runOwnSql<[unknown]>(engine, 'analyst', options, [{ sql: COLUMNS_SQL, params: [`${REPORTING_SCHEMA}."${name}"`] }]);
        return { output: { table: name, columns: rows }, rowCount: rows.length };
      });
      const text = [
        `Table ${table} (database ${database}; de-identified view, query it as ${table})`,
        renderTextTable(['column', 'type', 'nullable'], columns.map((c) => [c.name, c.type, c.nullable]), 200, MORE_ROWS),
        // Whole sentences, not table cells (which are cut at 40 characters): they say what was generalised.
        ...columns.filter((c) => c.description).map((c) => `${String(c.name)}: ${String(c.description)}`),
      ].join('\n');
      return {
        text,
        data: {
          database,
          table: `${REPORTING_SCHEMA}.${table}`,
          columns: columns.map((c) => ({ name: String(c.name), type: String(c.type), nullable: Boolean(c.nullable), description: c.description ?? null })),
          constraints: [],
          indexes: [],
        },
      };
    },
  }) as unknown as ToolDefinition;
}
