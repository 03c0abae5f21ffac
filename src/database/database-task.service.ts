/**
 * Owns a database task's work on the worker: raw SQL (parse → plan → execute → summarise) and
 * natural language (the agent reads the schema, writes one SELECT and runs it through sql_query,
 * so its SQL passes the tools server's gate like any other). Both store the answer in the cache.
 */
import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../core/errors';
import { AgentResult, AgentService, AgentToolCall } from '../core/llm/agent.service';
import { EgressContext } from '../core/llm/egress-context';
import { AccessPath } from '../shared/policy';
import type { TaskContext, TaskOutcome } from '../tasks/task-runner.service';
import { JobName } from '../tasks/queue-names';
import { classifyDatabaseQuery } from './database-query-classifier';
import { assertGateAllows, sqlAnswer } from './database-query.service';
import { capRun, DatabaseAnswer, isSqlRunData, rowFields, seconds, SqlAttempt, SqlRunData, summariseRows } from './database-result';
import { DatabaseResultCache } from './database-result.cache';
import { DatabaseToolsService } from './database-tools.service';

export const NATURAL_LANGUAGE_TOOLS = ['list_tables', 'describe_table', 'sql_query', 'explain_query'];

export function naturalLanguagePrompt(database: string): string {
  return [
    `You answer questions about MedCor's hospital database "${database}" (PostgreSQL). You see the de-identified reporting views of the medcor tables: pseudonymous patient_key/encounter_key, years instead of dates, no names or contact data.`,
    '1. Read the schema first: call list_tables, then describe_table for each table you need.',
    '2. Write exactly one read-only SELECT (WITH … SELECT is fine) that answers the question. Name tables as list_tables shows them (e.g. patients, encounters), unqualified. Anything that writes is refused.',
    `3. Run it with sql_query, passing database "${database}". If it fails, read the error, fix the SQL and run it again.`,
    '4. Answer briefly from the rows the query returned, and show the SQL you ran. Prefer counts and aggregates to listing individual patients unless the question asks for them.',
  ].join('\n');
}

type DatabaseContext = TaskContext<JobName.DatabaseQuery>;

@Injectable()
export class DatabaseTaskService {
  constructor(
    private readonly tools: DatabaseToolsService,
    private readonly agent: AgentService,
    private readonly cache: DatabaseResultCache,
  ) {}

  async run(ctx: DatabaseContext): Promise<TaskOutcome> {
    const { query, database, mode } = ctx.input;
    const answer = mode === 'sql' ? await this.runSql(ctx) : await this.runNaturalLanguage(ctx);
    await this.cache.set({ userId: ctx.meta.requester.userId, database, query }, answer);
    return { message: 'Database query completed', result: answer };
  }

  private async runSql(ctx: DatabaseContext): Promise<DatabaseAnswer> {
    const { query, database } = ctx.input;
    const { requester } = ctx.meta;
    const actor = { userId: requester.userId, roles: requester.roles, purpose: 'database', taskId: ctx.taskId, routing: 'background' };
    const call = { signal: ctx.signal, requestId: ctx.meta.requestId, actor };
    const started = performance.now();
    await ctx.progress(10, 'Parsing the SQL');
    await classifyDatabaseQuery(query);
    await assertGateAllows(query);
    await ctx.progress(30, 'Planning the query');
    const cost = await this.tools.explainCost(query, database, call);
    await ctx.progress(60, `Executing the query (estimated cost ${cost})`);
    const run = await this.tools.runSql(query, database, call);
    await ctx.progress(90, 'Summarising the result');
    return sqlAnswer(run, database, seconds(started), { estimatedCost: cost });
  }

  private async runNaturalLanguage(ctx: DatabaseContext): Promise<DatabaseAnswer> {
    const { query, database } = ctx.input;
    const started = performance.now();
    await ctx.progress(5, 'Reading the schema');
    const result = await this.agent.run({
      system: naturalLanguagePrompt(database),
      user: query,
      allowTools: NATURAL_LANGUAGE_TOOLS,
      requireTools: true,
      signal: ctx.signal,
      userId: ctx.meta.requester.userId,
      roles: ctx.meta.requester.roles,
      purpose: 'database',
      taskId: ctx.taskId,
      routing: 'background',
      requestId: ctx.meta.requestId,
      // Rows reach the caller from the tool itself; the answer text keeps tool data de-identified.
      egress: new EgressContext({ path: AccessPath.Database }),
      onToolCall: (tool, index) => ctx.progress(Math.min(85, 10 + index * 15), `Calling tool ${tool}`),
    });
    await ctx.progress(90, 'Summarising the result');
    return naturalLanguageAnswer(result, database, seconds(started));
  }
}

function isTool(call: AgentToolCall, name: string): boolean {
  return call.tool === name || call.tool.endsWith(`__${name}`);
}

/** Every sql_query the agent made, and the last successful one's rows (on the asked database). */
export function sqlRunsOf(calls: AgentToolCall[], database: string): { attempts: SqlAttempt[]; last?: SqlRunData } {
  const attempts: SqlAttempt[] = [];
  let last: SqlRunData | undefined;
  for (const call of calls.filter((c) => isTool(c, 'sql_query'))) {
    const sql = typeof call.arguments.sql === 'string' ? call.arguments.sql : '';
    attempts.push({ sql, success: !call.is_error });
    const data = call.data as (SqlRunData & { database?: string }) | undefined;
    if (!call.is_error && isSqlRunData(data) && (data.database === undefined || data.database === database)) {
      const run = capRun({ columns: data.columns, rows: data.rows, row_count: data.row_count, truncated: data.truncated, truncated_reason: data.truncated_reason, duration_ms: data.duration_ms });
      last = { ...run, sql };
    }
  }
  return { attempts, last };
}

export function naturalLanguageAnswer(result: AgentResult, database: string, processingSeconds: number): DatabaseAnswer {
  const { attempts, last } = sqlRunsOf(result.toolCalls, database);
  // An answer about the data with no query behind it is the model's invention, not a result: the
  // task fails (and nothing is cached), naming how many statements were tried, never their text.
  if (!last) {
    throw new AppError(ErrorCode.ToolFailed, `No SQL query ran successfully on ${database} (${attempts.length} attempted), so there is no answer from the data`, {
      details: { database, sql_attempts: attempts.length },
    });
  }
  const parts = [result.text.trim(), `SQL run:\n${last.sql}`, summariseRows(last, database)];
  return {
    success: true,
    response: parts.filter(Boolean).join('\n\n'),
    database,
    mode: 'natural_language',
    tools_used: [...new Set(result.toolsUsed)],
    processing_time: processingSeconds,
    mcp_available: result.mcpAvailable,
    ...rowFields(last),
    sql: last.sql,
    sql_attempts: attempts,
  };
}
