/**
 * sql_query: runs one read-only SELECT (or EXPLAIN) through the executor and returns a text
 * table for the model plus the full result as structured content.
 */
import { z } from 'zod';
import { defineTool, type ToolDefinition } from './tool-definition';
import type { DatabaseRegistry } from '../db/database-registry';
import { runReadOnlyQuery } from '../db/read-only-query';
import { renderTextTable } from '../../shared/format';
import { databaseArg, engineFor, MORE_ROWS } from '../db/tool-helpers';
import { auditedSqlRequest } from './sql-audit';

export function sqlQueryTool(registry: DatabaseRegistry): ToolDefinition {
  return defineTool({
    name: 'sql_query',
    title: 'Run a read-only SQL query',
    description:
      `Runs exactly one read-only PostgreSQL SELECT (WITH/VALUES/TABLE/EXPLAIN allowed) against the hospital ` +
      `database's de-identified reporting views (patients, encounters, diagnoses…: pseudonymous keys, years ` +
      `instead of dates, no names or contact data; use list_tables and describe_table first). Writes, several ` +
      `statements and file/system functions are refused. At most ${registry.rowCap} rows come back; ` +
      '`truncated` says when there were more or a value was cut to the byte caps (`truncated_reason`).',
    inputSchema: {
      database: databaseArg,
      sql: z.string().min(1).max(50_000).describe('One SELECT statement'),
      max_rows: z.number().int().positive().max(registry.rowCap).optional().describe(`At most ${registry.rowCap}`),
    },
    audience: 'agent',
    readOnly: true,
    async handler(args, ctx) {
      const { engine, database } = engineFor(registry, args.database);
      const result = await auditedSqlRequest(registry, ctx, { action: 'sql_query', database, sql: args.sql }, async () => {
        const output = await runReadOnlyQuery(engine, args.sql, {
          rowCap: Math.min(args.max_rows ?? registry.rowCap, registry.rowCap),
          statementTimeoutMs: registry.statementTimeoutMs,
          signal: ctx.signal,
          byteCaps: registry.byteCaps,
        });
        return { output, rowCount: output.row_count };
      });
      const names = result.columns.map((c) => c.name);
      const text = [
        renderTextTable(names, result.rows, 50, MORE_ROWS),
        '',
        `${result.row_count} row${result.row_count === 1 ? '' : 's'}${result.truncated ? ` (truncated: ${result.truncated_reason})` : ''}; ` +
          `truncated=${result.truncated}; ${result.duration_ms} ms; database ${database}`,
      ].join('\n');
      return {
        text,
        data: {
          columns: result.columns,
          rows: result.rows,
          row_count: result.row_count,
          truncated: result.truncated,
          ...(result.truncated_reason ? { truncated_reason: result.truncated_reason, cells_cut: result.cells_cut } : {}),
          duration_ms: result.duration_ms,
          database,
          sql: args.sql,
        },
      };
    },
  }) as unknown as ToolDefinition;
}
