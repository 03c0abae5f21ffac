import { Injectable } from '@nestjs/common';
import { RoutingDecision } from '../tasks/dispatcher/routing';
import { AppError, ErrorCode } from '../core/errors';
import { withTimeout } from '../shared/async';
import { McpClient } from '../core/mcp/mcp-client';
import { LlmService } from '../core/llm/llm.service';
import { QueueRegistry } from '../tasks/queue-registry.service';
import { WorkerRegistry } from '../tasks/worker-registry.service';
import { AiQueryResponseDto } from './dto/ai-query-response.dto';

/** Redis reads that take longer mean Redis is not answering: say so well within 2 s. */
const REDIS_READ_TIMEOUT_MS = 1000;

/**
 * `query_type: system`: the seed's status questions, answered from live state without the LLM.
 * Worker and queue numbers live in Redis; while it does not answer, 503 rather than a hang.
 */
@Injectable()
export class SystemStatusService {
  constructor(
    private readonly mcp: McpClient,
    private readonly workers: WorkerRegistry,
    private readonly queues: QueueRegistry,
    private readonly llm: LlmService,
  ) {}

  async answer(routing: RoutingDecision): Promise<AiQueryResponseDto> {
    const started = performance.now();
    const mcpAvailable = this.mcp.isAvailable();
    const fromRedis = withTimeout(
      Promise.all([
        this.workers.liveCount(),
        Promise.all(this.queues.all().map(async ({ name, queue }) => ({ queue: name, counts: await queue.getJobCounts() }))),
      ]),
      REDIS_READ_TIMEOUT_MS,
    ).catch((error: unknown) => {
      throw new AppError(ErrorCode.QueueUnavailable, 'Redis (workers and queues) is not answering; retry shortly', {
        transient: true,
        retryAfterSeconds: 5,
        cause: error,
      });
    });
    const [tools, [workers, depths]] = await Promise.all([mcpAvailable ? this.mcp.listTools().catch(() => []) : Promise.resolve([]), fromRedis]);
    const agentTools = tools.filter((t) => t.audience === 'agent').map((t) => t.name);
    const lines = [
      `MCP tools server: ${mcpAvailable ? `available, ${agentTools.length} tools (${agentTools.join(', ') || 'none'})` : 'unavailable'}`,
      `Queue workers alive: ${workers}`,
      `LLM: ${this.llm.isConfigured() ? `configured (${this.llm.primaryModel()})` : 'not configured'}`,
      ...depths.map(({ queue, counts }) => `Queue ${queue}: ${counts.waiting} waiting, ${counts.active} active, ${counts.delayed} delayed, ${counts.failed} failed`),
    ];
    return {
      success: true,
      response: lines.join('\n'),
      query_type: 'system',
      tools_used: [],
      processing_time: Math.round(performance.now() - started) / 1000,
      mcp_available: mcpAvailable,
      routing,
    };
  }
}
