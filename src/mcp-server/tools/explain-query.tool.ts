/**
 * explain_query: the planner's estimate for a query, without running it. The gateway's
 * dispatcher reads total_cost to send expensive queries to the background queue.
 */
import { z } from 'zod';
import { defineTool, ToolError, ToolErrorCode, type ToolDefinition } from './tool-definition';
import type { DatabaseRegistry } from '../db/database-registry';
import { runReadOnlyQuery } from '../db/read-only-query';
import { databaseArg, engineFor } from '../db/tool-helpers';
import { auditedSqlRequest } from './sql-audit';

interface PlanNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  'Total Cost'?: number;
  'Plan Rows'?: number;
  Plans?: PlanNode[];
}

function outline(node: PlanNode, depth = 0, out: string[] = []): string[] {
  if (out.length >= 40) return out;
  const relation = node['Relation Name'] ? ` on ${node['Relation Name']}` : '';
  out.push(`${'  '.repeat(depth)}${node['Node Type'] ?? '?'}${relation} (cost=${node['Total Cost']}, rows=${node['Plan Rows']})`);
  for (const child of node.Plans ?? []) outline(child, depth + 1, out);
  return out;
}

export function explainQueryTool(registry: DatabaseRegistry): ToolDefinition {
  return defineTool({
    name: 'explain_query',
    title: 'Estimate a query plan',
    description: 'Returns the PostgreSQL planner estimate (total_cost, plan_rows and the JSON plan) for one read-only SELECT, without running it.',
    inputSchema: { database: databaseArg, sql: z.string().min(1).max(50_000).describe('One SELECT statement (without EXPLAIN)') },
    audience: 'agent',
    readOnly: true,
    async handler(args, ctx) {
      const { engine, database } = engineFor(registry, args.database);
      // Through the executor, so the gate judges the whole EXPLAIN text like any other query.
      const result = await auditedSqlRequest(registry, ctx, { action: 'explain_query', database, sql: args.sql }, async () => {
        if (/^\s*explain\b/i.test(args.sql)) {
          throw new ToolError(ToolErrorCode.InvalidArgument, 'Pass the query itself; explain_query adds EXPLAIN (FORMAT JSON).');
        }
        const output = await runReadOnlyQuery(engine, `EXPLAIN (FORMAT JSON) ${args.sql}`, {
          rowCap: 1,
          statementTimeoutMs: registry.statementTimeoutMs,
          signal: ctx.signal,
        });
        return { output, rowCount: 0 };
      });
      const raw = result.rows[0]?.[0];
      const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
      const plan = parsed[0].Plan;
      const totalCost = Number(plan['Total Cost']);
      const planRows = Number(plan['Plan Rows']);
      return {
        text: `total_cost=${totalCost} plan_rows=${planRows}\n${outline(plan).join('\n')}`,
        data: { total_cost: totalCost, plan_rows: planRows, plan, database },
      };
    },
  }) as unknown as ToolDefinition;
}
