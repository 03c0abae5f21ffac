import { ApiProperty } from '@nestjs/swagger';

export class HealthSummaryDto {
  @ApiProperty({ enum: ['healthy', 'degraded', 'unhealthy'] }) status!: 'healthy' | 'degraded' | 'unhealthy';
  @ApiProperty({ description: 'At least one MCP server is connected' }) mcp_available!: boolean;
  @ApiProperty({ description: 'At least one queue worker is alive (name kept from the Celery era for old clients)' })
  celery_available!: boolean;
  @ApiProperty({ description: 'Same as celery_available' }) workers_available!: boolean;
  @ApiProperty({ description: 'Live worker processes' }) workers!: number;
  @ApiProperty() redis_available!: boolean;
  @ApiProperty({ description: 'An LLM is configured (OPENAI_API_KEY)' }) llm_available!: boolean;
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
}
