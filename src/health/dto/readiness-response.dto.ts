import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

/** One dependency's state as Terminus reports it; indicators add their own facts (latency, counts). */
export class DependencyStateDto {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiPropertyOptional({ description: 'What is wrong, when down' }) message?: string;
}

const STATES = { type: 'object', additionalProperties: { $ref: getSchemaPath(DependencyStateDto) } } as const;

/** Terminus' result: the state of each dependency checked (none for liveness). */
export class HealthCheckDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], description: '`ok` with 200; otherwise 503 and the pod takes no traffic' })
  status!: 'ok' | 'error' | 'shutting_down';
  @ApiPropertyOptional({ ...STATES, description: 'Dependencies checked that are up' }) info?: Record<string, DependencyStateDto>;
  @ApiPropertyOptional({ ...STATES, description: 'Dependencies checked that are down' }) error?: Record<string, DependencyStateDto>;
  @ApiProperty({ ...STATES, description: 'Every dependency checked' }) details!: Record<string, DependencyStateDto>;
}

/**
 * Terminus' result for what the pod cannot work without (Redis; in a worker also its heartbeat
 * and queue connections), plus the optional dependencies (LLM, MCP, workers) that only degrade it.
 */
export class ReadinessDto extends HealthCheckDto {
  @ApiProperty({ description: 'An optional dependency is down: the pod is ready but serves only what does not need it' })
  degraded!: boolean;
  @ApiProperty({ ...STATES, description: 'Optional dependencies (llm, mcp, workers): their state does not change readiness' })
  optional!: Record<string, DependencyStateDto>;
}
