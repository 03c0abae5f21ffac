import { Injectable } from '@nestjs/common';
import { delayMs } from '../tasks/dto/submit-options.dto';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { AuthenticatedUser } from '../core/auth';
import { DispatcherService } from '../tasks/dispatcher/dispatcher.service';
import { background, RoutingDecision, RoutingRule } from '../tasks/dispatcher/routing';
import { TaskAcceptedDto, taskAccepted } from '../tasks/dispatcher/task-accepted.dto';
import { SealerService } from '../core/crypto/sealer.service';
import { AppError, ErrorCode } from '../core/errors';
import { McpClient } from '../core/mcp/mcp-client';
import { AgentPromotion, AgentResult, AgentService } from '../core/llm/agent.service';
import { EgressContext } from '../core/llm/egress-context';
import { AppConfigService } from '../core/config';
import { LlmService } from '../core/llm/llm.service';
import { AccessPath } from '../shared/policy';
import { JobName } from '../tasks/queue-names';
import { TaskHandoverRegistry } from '../tasks/task-handover.registry';
import type { SseWriter } from '../tasks/task-events.sse';
import { AiQueryRequestDto } from './dto/ai-query-request.dto';
import { AiQueryResponseDto } from './dto/ai-query-response.dto';
import { SystemStatusService } from './system-status.service';

export const GENERAL_SYSTEM_PROMPT = `You are MedCor's assistant for a hospital's staff. Answer precisely and briefly. Use the tools when they help (for example to look at the database schema). Say when you do not know.`;

export type QueryOutcome = { kind: 'inline'; body: AiQueryResponseDto } | { kind: 'queued'; body: TaskAcceptedDto };

/** General queries: answered inline by the agent, or queued for a worker, as the dispatcher decides. */
@Injectable()
export class AiQueryService {
  constructor(
    private readonly dispatcher: DispatcherService,
    private readonly agent: AgentService,
    private readonly llm: LlmService,
    private readonly system: SystemStatusService,
    private readonly sealer: SealerService,
    private readonly mcp: McpClient,
    private readonly config: AppConfigService,
    private readonly handovers: TaskHandoverRegistry,
  ) {}

  /** `stream: true` is honoured on the inline path of LLM queries; queued work answers 202 as usual. */
  canStream(dto: AiQueryRequestDto, routing: RoutingDecision): boolean {
    if (dto.stream !== true || routing.mode !== 'inline' || (dto.query_type ?? 'general') === 'system') return false;
    this.llm.assertConfigured();
    return true;
  }

  /**
   * SSE: one `token` event per chunk as the model produces it, then `result` with the seed's inline
   * shape (or `error`). Streamed answers come from the model alone (no tool rounds). The writer's
   * signal aborts when the client disconnects, which cancels the upstream LLM request.
   */
  async stream(dto: AiQueryRequestDto, user: AuthenticatedUser, routing: RoutingDecision, sse: SseWriter): Promise<void> {
    const started = performance.now();
    const queryType = dto.query_type ?? 'general';
    const messages = [new SystemMessage(GENERAL_SYSTEM_PROMPT), new HumanMessage(withContext(dto.query, dto.context))];
    const egress = generalQueryEgress(dto.context);
    const answer = egress.streamReidentifier();
    let text = '';
    let model = this.llm.primaryModel();
    const send = (token: string) => {
      if (!token) return;
      text += token;
      sse.send('token', { token });
    };
    // A streamed answer is inline work with the inline budget: the provider's own timeout stops at its
    // headers, so a slow trickle of tokens would otherwise hold the connection and its slot for ever.
    const { inlineDeadlineMs } = this.config.all.tasks;
    const deadline = AbortSignal.timeout(inlineDeadlineMs);
    const signal = AbortSignal.any([sse.signal, deadline]);
    try {
      await this.dispatcher.trackInline('query', async () => {
        for await (const part of this.llm.stream(messages, { signal, userId: user.userId, egress })) {
          if ('token' in part) send(answer.push(part.token));
          else model = part.model;
        }
        send(answer.end());
      });
      const body: AiQueryResponseDto = {
        success: true,
        response: text,
        query_type: queryType,
        tools_used: [],
        processing_time: Math.round(performance.now() - started) / 1000,
        mcp_available: this.mcp.isAvailable(),
        routing,
        model,
      };
      sse.send('result', body);
    } catch (error) {
      const e =
        deadline.aborted && !sse.signal.aborted
          ? new AppError(ErrorCode.Timeout, `The streamed answer did not finish within the inline budget (${inlineDeadlineMs / 1000} s); ask with use_celery for a longer answer`)
          : error instanceof AppError
            ? error
            : new AppError(ErrorCode.Internal, 'Unexpected internal error');
      sse.send('error', { success: false, error: e.message, code: e.code });
    } finally {
      sse.end();
    }
  }

  route(dto: AiQueryRequestDto): RoutingDecision {
    const scheduled = dto.run_at !== undefined || dto.delay_seconds !== undefined;
    return this.dispatcher.route({
      kind: 'query',
      queryType: dto.query_type ?? 'general',
      length: dto.query.length,
      forceBackground: dto.use_celery === true || scheduled,
    });
  }

  /**
   * `signal` aborts when the client goes away: an inline answer nobody waits for stops its LLM and
   * tool calls. Inline agent work has a budget (INLINE_DEADLINE_SECONDS) and a number of tool
   * rounds (INLINE_MAX_TOOL_ROUNDS); past either, the request answers 202 and a worker continues
   * the same conversation from where it stopped.
   */
  async handle(dto: AiQueryRequestDto, user: AuthenticatedUser, requestId: string, routing: RoutingDecision, signal?: AbortSignal): Promise<QueryOutcome> {
    const queryType = dto.query_type ?? 'general';
    if (routing.mode === 'inline') {
      if (queryType === 'system') return { kind: 'inline', body: await this.system.answer(routing) };
      this.llm.assertConfigured();
      const started = performance.now();
      const { inlineDeadlineMs, inlineMaxToolRounds } = this.config.all.tasks;
      let result: AgentResult;
      try {
        result = await this.dispatcher.trackInline('query', () =>
          this.agent.run({
            system: GENERAL_SYSTEM_PROMPT,
            user: withContext(dto.query, dto.context),
            userId: user.userId,
            roles: user.roles,
            purpose: 'general_query',
            routing: 'inline',
            requestId,
            signal,
            promote: { deadlineMs: inlineDeadlineMs, maxToolRounds: inlineMaxToolRounds },
            egress: generalQueryEgress(dto.context),
          }),
        );
      } catch (error) {
        if (!(error instanceof AgentPromotion)) throw error;
        return { kind: 'queued', body: await this.promote(dto, user, requestId, error) };
      }
      const seconds = (performance.now() - started) / 1000;
      return { kind: 'inline', body: { ...toQueryResult(result, queryType, seconds, result.model ?? this.llm.primaryModel()), routing } };
    }
    // Everything but static code analysis needs the LLM: say so now (503), not as a failed task.
    if (queryType !== 'code') this.llm.assertConfigured();
    return { kind: 'queued', body: await this.enqueue(dto, user, requestId, routing) };
  }

  /** Hands an inline run over to a worker with its conversation so far (sealed: it may hold tool data). */
  private async promote(dto: AiQueryRequestDto, user: AuthenticatedUser, requestId: string, promotion: AgentPromotion): Promise<TaskAcceptedDto> {
    const routing = background(RoutingRule.InlinePromoted, `${promotion.reason}: the work goes on in the background from where it stopped`);
    const requester = { userId: user.userId, roles: user.roles };
    const input = { query: dto.query, queryType: dto.query_type ?? 'general', context: dto.context, resume: this.sealer.seal(promotion.checkpoint) };
    const accepted = await this.dispatcher.enqueue(JobName.AiQuery, input, { requester, requestId, routing, priority: dto.priority });
    return taskAccepted(accepted.taskId, 'Query continues in the background', '30-60 seconds', routing);
  }

  /**
   * Medical, database and code queries are handed over to their domain, whose own checks apply
   * (access policy, validation, the database allow-list); general queries are queued here.
   */
  private async enqueue(dto: AiQueryRequestDto, user: AuthenticatedUser, requestId: string, routing: RoutingDecision): Promise<TaskAcceptedDto> {
    const queryType = dto.query_type ?? 'general';
    if (queryType === 'code' || queryType === 'medical' || queryType === 'database') {
      return this.handovers.handOver(queryType, {
        text: dto.query,
        context: dto.context,
        code: { language: dto.language, filename: dto.filename, focus: dto.focus },
        options: { priority: dto.priority, run_at: dto.run_at, delay_seconds: dto.delay_seconds },
        user,
        requestId,
        routing,
      });
    }
    const requester = { userId: user.userId, roles: user.roles };
    const options = { requester, requestId, routing, priority: dto.priority, delayMs: delayMs(dto) };
    const accepted = await this.dispatcher.enqueue(JobName.AiQuery, { query: dto.query, queryType, context: dto.context }, options);
    return taskAccepted(accepted.taskId, 'Query submitted for processing', '30-60 seconds', routing);
  }
}

/**
 * General queries: the caller's own values come back to them; tool data stays de-identified. The
 * context's field names (`phone`, `ssn`, `last_name`…) say what its values are, so they are
 * replaced exactly wherever they appear, whatever their format.
 */
export function generalQueryEgress(context?: Record<string, unknown>): EgressContext {
  const egress = new EgressContext({ path: AccessPath.GeneralQuery });
  if (context) egress.learn(context);
  return egress;
}

/** The most of a context's JSON sent to the model. */
const CONTEXT_SENT_CHARS = 4000;

export function withContext(query: string, context?: Record<string, unknown>): string {
  if (!context || Object.keys(context).length === 0) return query;
  return `${query}\n\nContext (data supplied by the user):\n${contextSent(JSON.stringify(context))}`;
}

/**
 * A long context is cut between two of its values, never inside one: half a name ("Quistga") is
 * not the whole word the exact match of the context's identifiers looks for.
 */
export function contextSent(json: string): string {
  if (json.length <= CONTEXT_SENT_CHARS) return json;
  // The last comma outside a string before the limit: a value holding ',{' or ',"' is not a boundary.
  let boundary = 0;
  let inString = false;
  for (let i = 0; i < CONTEXT_SENT_CHARS; i++) {
    const c = json[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ',') boundary = i;
  }
  return `${json.slice(0, boundary)}…`;
}

/** The seed's inline shape, also stored as a background task's result. */
export function toQueryResult(result: AgentResult, queryType: string, seconds: number, model: string): Omit<AiQueryResponseDto, 'routing'> {
  const body: Omit<AiQueryResponseDto, 'routing'> = {
    success: true,
    response: result.text,
    query_type: queryType,
    tools_used: result.toolsUsed,
    processing_time: Math.round(seconds * 1000) / 1000,
    mcp_available: result.mcpAvailable,
    model,
  };
  if (!result.mcpAvailable) body.note = 'The MCP tools server is unavailable: this answer comes from the LLM alone, without tools';
  return body;
}

