import { Controller, Get, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, type HealthIndicatorFunction, type HealthIndicatorResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../core/auth';
import { DependencyIndicators } from './health-indicators';
import { ApiErrorResponses } from '../core/http/api-error.decorator';
import { HealthSummaryDto } from './dto/health-response.dto';
import { DependencyStateDto, HealthCheckDto, ReadinessDto } from './dto/readiness-response.dto';

/**
 * Health for people and for Kubernetes, without authentication. `/live` looks at nothing outside
 * the process; `/ready` fails only for what the pod cannot work without (Redis; a worker's
 * heartbeat and queues) and reports the optional dependencies (LLM, MCP, workers) as degraded, so
 * a pod without an LLM key still serves SQL, system questions and static code analysis.
 */
@ApiTags('health')
@ApiExtraModels(DependencyStateDto)
@Public()
@Controller('api/ai/health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly deps: DependencyIndicators,
  ) {}

  @Get()
  @ApiOperation({ summary: "The seed's health summary: healthy, degraded or unhealthy", security: [] })
  @ApiOkResponse({ type: HealthSummaryDto })
  @ApiErrorResponses(400)
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
  @ApiOperation({ summary: 'Liveness: the process answers (touches nothing outside it)', security: [] })
  @ApiOkResponse({ type: HealthCheckDto, description: 'Terminus result, status "ok", no dependency checked' })
  @ApiErrorResponses(400)
  @ApiServiceUnavailableResponse({ type: HealthCheckDto, description: 'Shutting down' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: fails only for what the pod cannot work without',
    description:
      'Required: Redis; in a worker also its own heartbeat and its queue connections. The LLM, MCP and the workers are optional: ' +
      'without them the pod is still ready (SQL without MCP fails, but system questions and static code analysis work) and reports `degraded: true` with their state under `optional`.',
    security: [],
  })
  @ApiOkResponse({ type: ReadinessDto, description: 'Ready (status "ok"), perhaps degraded' })
  @ApiErrorResponses(400)
  @ApiServiceUnavailableResponse({ type: ReadinessDto, description: 'Not ready (status "error"): `error` says what is down' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessDto> {
    const required: HealthIndicatorFunction[] = [() => this.deps.redisUp()];
    if (this.deps.isWorker) required.push(() => this.deps.workersUp(), () => Promise.resolve(this.deps.queuesUp()));
    const optionalChecks: Promise<HealthIndicatorResult>[] = [this.deps.mcpUp(), Promise.resolve(this.deps.llmConfigured())];
    if (!this.deps.isWorker) optionalChecks.push(this.deps.workersUp());
    const [result, optionalStates] = await Promise.all([this.check(required, reply), Promise.all(optionalChecks)]);
    const optional = Object.assign({}, ...optionalStates) as ReadinessDto['optional'];
    return { ...result, degraded: Object.values(optional).some((d) => d.status !== 'up'), optional } as ReadinessDto;
  }

  private async check(indicators: HealthIndicatorFunction[], reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check(indicators);
    } catch (error) {
      // Terminus throws a 503 carrying its own result; probes and people want that body as is.
      const body = (error as { getResponse?: () => HealthCheckResult }).getResponse?.();
      if (!body) throw error;
      void reply.status(503);
      return body;
    }
  }
}
