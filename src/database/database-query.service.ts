/**
 * Owns `POST /api/ai/database` end to end on the API side: SQL or natural language, the gate's
 * early refusal, the database name check, the result cache, routing (structure, then EXPLAIN
 * cost) and either the inline answer or the queued task.
 */
import { Injectable } from '@nestjs/common';
import { delayMs } from '../tasks/dto/submit-options.dto';
import { assertMayUse, AuthenticatedUser } from '../core/auth';
import { AccessPath } from '../shared/policy';
import { DispatcherService } from '../tasks/dispatcher/dispatcher.service';
import { background, RoutingDecision, RoutingRule } from '../tasks/dispatcher/routing';
import { TaskAcceptedDto, taskAccepted } from '../tasks/dispatcher/task-accepted.dto';
import { AppConfigService } from '../core/config';
import { AppError, ErrorCode } from '../core/errors';
import { LlmService } from '../core/llm/llm.service';
import { McpActor } from '../core/mcp/mcp-client';
import { checkReadOnlyQuery } from '../shared/sql';
import { JobName } from '../tasks/queue-names';
import type { TaskHandover } from '../tasks/task-handover.registry';
import { validateBody } from '../core/http/validation.pipe';
import { classifyDatabaseQuery, DatabaseQueryKind } from './database-query-classifier';
import { DatabaseAnswer, rowFields, seconds, SqlRunData, summariseRows } from './database-result';
import { DatabaseResultCache } from './database-result.cache';
import { DatabaseToolsService } from './database-tools.service';
import { DatabaseQueryRequestDto, DEFAULT_DATABASE } from './dto/database-query-request.dto';

export type DatabaseOutcome = { kind: 'inline'; body: DatabaseAnswer } | { kind: 'queued'; body: TaskAcceptedDto };

export interface SubmitOptions {
  requestId: string;
  /** `Cache-Control: no-cache`: compute afresh (and refresh the cache). */
  noCache: boolean;
}

@Injectable()
export class DatabaseQueryService {
  constructor(
    private readonly dispatcher: DispatcherService,
    private readonly tools: DatabaseToolsService,
    private readonly cache: DatabaseResultCache,
    private readonly llm: LlmService,
    private readonly config: AppConfigService,
  ) {}

  /**
   * A general query of type database (POST /api/ai/query/, the database named by
   * `context.database`): this endpoint's checks (validation, the SQL gate, the database
   * allow-list), then queued on the route the query endpoint took. The database role is checked
   * here too, as the medical handover does, so no caller of the handover reaches SQL without it.
   */
  async handover(handover: TaskHandover): Promise<TaskAcceptedDto> {
    assertMayUse(AccessPath.Database, handover.user.roles);
    const named = handover.context?.database;
    const dto = await validateBody(DatabaseQueryRequestDto, { query: handover.text, database: named ?? DEFAULT_DATABASE, ...handover.options });
    const { database, kind } = await this.admit(dto, handover.requestId);
    return this.enqueue(dto, database, kind, handover.user, handover.requestId, handover.routing);
  }

  async submit(dto: DatabaseQueryRequestDto, user: AuthenticatedUser, options: SubmitOptions): Promise<DatabaseOutcome> {
    const { database, kind } = await this.admit(dto, options.requestId);

    const scheduled = dto.run_at !== undefined || dto.delay_seconds !== undefined;
    const scope = { userId: user.userId, database, query: dto.query };
    if (!scheduled) {
      if (options.noCache) this.cache.bypassed();
      else {
        const cached = await this.cache.get(scope);
        if (cached) return { kind: 'inline', body: cached };
      }
    }

    const { routing, cost } = await this.route(kind, dto, database, options.requestId, user);
    if (routing.mode === 'inline' && kind.mode === 'sql') {
      const started = performance.now();
      const run = await this.dispatcher.trackInline('database', () => this.tools.runSql(dto.query, database, { requestId: options.requestId, actor: sqlActor(user, 'inline') }));
      const body = sqlAnswer(run, database, seconds(started), { routing, estimatedCost: cost });
      await this.cache.set(scope, body);
      return { kind: 'inline', body };
    }

    return { kind: 'queued', body: await this.enqueue(dto, database, kind, user, options.requestId, routing) };
  }

  /** Refuses what cannot run: SQL the gate refuses, a question without an LLM, an unknown database. */
  private async admit(dto: DatabaseQueryRequestDto, requestId: string): Promise<{ database: string; kind: DatabaseQueryKind }> {
    const database = dto.database ?? DEFAULT_DATABASE;
    const kind = await classifyDatabaseQuery(dto.query);
    if (kind.mode === 'sql') await assertGateAllows(dto.query);
    else this.llm.assertConfigured();
    await this.tools.assertKnownDatabase(database, { requestId });
    return { database, kind };
  }

  private async enqueue(
    dto: DatabaseQueryRequestDto,
    database: string,
    kind: DatabaseQueryKind,
    user: AuthenticatedUser,
    requestId: string,
    routing: RoutingDecision,
  ): Promise<TaskAcceptedDto> {
    const accepted = await this.dispatcher.enqueue(
      JobName.DatabaseQuery,
      { query: dto.query, database, mode: kind.mode },
      { requester: { userId: user.userId, roles: user.roles }, requestId, routing, priority: dto.priority, delayMs: delayMs(dto) },
    );
    return taskAccepted(accepted.taskId, 'Database query submitted for processing', '15-45 seconds', routing, { database });
  }

  /** The dispatcher's structural and adaptive rules, then the planner's cost for simple SQL. */
  async route(
    kind: DatabaseQueryKind,
    dto: Pick<DatabaseQueryRequestDto, 'query' | 'use_celery' | 'run_at' | 'delay_seconds'>,
    database: string,
    requestId?: string,
    user?: AuthenticatedUser,
  ): Promise<{ routing: RoutingDecision; cost?: number }> {
    const scheduled = dto.run_at !== undefined || dto.delay_seconds !== undefined;
    const routing = this.dispatcher.route({
      kind: 'database',
      sqlFeatures: kind.mode === 'sql' ? kind.complexFeatures : null,
      forceBackground: dto.use_celery === true || scheduled,
    });
    if (routing.mode !== 'inline' || kind.mode !== 'sql') return { routing };
    const cost = await this.tools.explainCost(dto.query, database, { requestId, ...(user ? { actor: sqlActor(user, 'inline') } : {}) });
    return { routing: costRouting(routing, cost, this.config.all.tasks.dbInlineMaxCost), cost };
  }
}


/** The caller as the tools server sees it for this path's SQL (its audit and role checks). */
function sqlActor(user: AuthenticatedUser, routing: string): McpActor {
  return { userId: user.userId, roles: user.roles, purpose: 'database', routing };
}

/** An otherwise inline query whose estimated cost is over the limit goes to a worker. */
export function costRouting(decision: RoutingDecision, cost: number, maxCost: number): RoutingDecision {
  if (cost > maxCost) {
    return background(RoutingRule.ExpensiveSql, `The planner estimates a cost of ${cost}, above DB_INLINE_MAX_COST (${maxCost})`);
  }
  return { ...decision, reason: `${decision.reason}; the planner estimates a cost of ${cost}, within DB_INLINE_MAX_COST (${maxCost})` };
}

/** The gateway refuses what the tools server would refuse, before any MCP call or queued job. */
export async function assertGateAllows(sql: string): Promise<void> {
  const verdict = await checkReadOnlyQuery(sql);
  if (!verdict.allowed) {
    throw new AppError(ErrorCode.SqlRefused, `Query refused: ${verdict.reason}`, { details: { rule: verdict.rule, reason: verdict.reason } });
  }
}

export function sqlAnswer(
  run: SqlRunData,
  database: string,
  processingSeconds: number,
  extra: { routing?: RoutingDecision; estimatedCost?: number } = {},
): DatabaseAnswer {
  const answer: DatabaseAnswer = {
    success: true,
    response: summariseRows(run, database),
    database,
    mode: 'sql',
    tools_used: ['sql_query'],
    processing_time: processingSeconds,
    mcp_available: true,
    ...rowFields(run),
    sql: run.sql,
  };
  if (extra.estimatedCost !== undefined) answer.estimated_cost = extra.estimatedCost;
  if (extra.routing) answer.routing = extra.routing;
  return answer;
}

