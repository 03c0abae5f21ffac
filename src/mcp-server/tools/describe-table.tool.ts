/** describe_table: columns, keys, foreign keys and indexes of one medcor table. */
import { z } from 'zod';
import { defineTool, ToolError, ToolErrorCode, type ToolDefinition } from './tool-definition';
import type { DatabaseRegistry } from '../db/database-registry';
import { databaseArg, engineFor, renderTextTable, runOwnSql } from '../db/tool-helpers';

const COLUMNS_SQL = `
  SELECT a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
         NOT a.attnotnull AS nullable, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default_value
    FROM pg_catalog.pg_attribute a
    LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
   ORDER BY a.attnum`;
const CONSTRAINTS_SQL = `
  SELECT conname AS name, contype AS type, pg_catalog.pg_get_constraintdef(oid) AS definition
    FROM pg_catalog.pg_constraint WHERE conrelid = $1::regclass AND contype IN ('p', 'f', 'u', 'c')
   ORDER BY contype, conname`;
const INDEXES_SQL = `
  SELECT indexrelid::regclass::text AS name, pg_catalog.pg_get_indexdef(indexrelid) AS definition
    FROM pg_catalog.pg_index WHERE indrelid = $1::regclass ORDER BY 1`;
const EXISTS_SQL = `
  SELECT c.relname AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'medcor' AND c.relkind IN ('r', 'p', 'v', 'm') AND has_table_privilege(c.oid, 'SELECT')
   ORDER BY 1`;

export function describeTableTool(registry: DatabaseRegistry): ToolDefinition {
  return defineTool({
    name: 'describe_table',
    title: 'Describe a table',
    description: 'Shows the columns (name, type, nullable, default), keys, foreign keys and indexes of one table in schema "medcor".',
    inputSchema: {
      database: databaseArg,
      table: z.string().min(1).max(130).describe('Table name, e.g. "patients" or "medcor.patients"'),
    },
    audience: 'agent',
    readOnly: true,
    async handler(args, ctx) {
      const { engine, database } = engineFor(registry, args.database);
      const options = { readOnly: true, statementTimeoutMs: registry.statementTimeoutMs, signal: ctx.signal };
      const table = args.table.replace(/^medcor\./i, '').replace(/^"|"$/g, '');
      const [known] = await runOwnSql<[unknown]>(engine, 'reader', options, [{ sql: EXISTS_SQL }]);
      const names = known.map((r) => String(r.name));
      if (!names.includes(table)) {
        throw new ToolError(ToolErrorCode.NotFound, `No table "${args.table}" in schema medcor. Tables: ${names.join(', ')}`, { tables: names });
      }
      // The name is checked against the catalogue above and still travels as a bound parameter.
      const qualified = `medcor."${table}"`;
      const [columns, constraints, indexes] = await runOwnSql<[unknown, unknown, unknown]>(engine, 'reader', options, [
        { sql: COLUMNS_SQL, params: [qualified] },
        { sql: CONSTRAINTS_SQL, params: [qualified] },
        { sql: INDEXES_SQL, params: [qualified] },
      ]);
      const kinds: Record<string, string> = { p: 'primary key', f: 'foreign key', u: 'unique', c: 'check' };
      const constraintList = constraints.map((c) => ({ name: String(c.name), type: kinds[String(c.type)] ?? String(c.type), definition: String(c.definition) }));
      const text = [
        `Table medcor.${table} (database ${database})`,
        renderTextTable(['column', 'type', 'nullable', 'default'], columns.map((c) => [c.name, c.type, c.nullable, c.default_value]), 200),
        '',
        ...constraintList.map((c) => `${c.type}: ${c.definition}`),
        ...indexes.map((i) => `index: ${String(i.definition)}`),
      ].join('\n');
      return {
        text,
        data: {
          database,
          table: `medcor.${table}`,
          columns: columns.map((c) => ({ name: String(c.name), type: String(c.type), nullable: Boolean(c.nullable), default: c.default_value ?? null })),
          constraints: constraintList,
          indexes: indexes.map((i) => ({ name: String(i.name), definition: String(i.definition) })),
        },
      };
    },
  }) as unknown as ToolDefinition;
}
