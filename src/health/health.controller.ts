import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../core/auth';
import { DependencyIndicators } from './health-indicators';
import { HealthSummaryDto } from './dto/health-response.dto';

/**
 * Health for people and for Kubernetes, without authentication. `/live` looks at nothing outside
 * the process; `/ready` checks Redis, MCP, workers and the LLM configuration.
 */
@ApiTags('health')
@Public()
@Controller('api/ai/health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly deps: DependencyIndicators,
  ) {}

  @Get()
  @ApiOperation({ summary: "The seed's health summary: healthy, degraded or unhealthy" })
  @ApiOkResponse({ type: HealthSummaryDto })
  async summary(): Promise<HealthSummaryDto> {
    const s = await this.deps.summary();
    return {
      status: s.status as HealthSummaryDto['status'],
      mcp_available: s.mcp,
      celery_available: s.workers > 0,
      workers_available: s.workers > 0,
      workers: s.workers,
      redis_available: s.redis,
      llm_available: s.llm,
      timestamp: new Date().toISOString(),
    };
  }

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers (touches nothing outside it)' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: Redis, MCP, worker heartbeat, LLM configured' })
  @ApiOkResponse({ description: 'Terminus result, status "ok"' })
  @ApiServiceUnavailableResponse({ description: 'Terminus result, status "error", with what is down' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.deps.redisUp(),
        () => this.deps.mcpUp(),
        () => this.deps.workersUp(),
        () => this.deps.llmConfigured(),
      ]);
    } catch (error) {
      // Terminus throws a 503 carrying its own result; probes and people want that body as is.
      const body = (error as { getResponse?: () => HealthCheckResult }).getResponse?.();
      if (!body) throw error;
      void reply.status(503);
      return body;
    }
  }
}
