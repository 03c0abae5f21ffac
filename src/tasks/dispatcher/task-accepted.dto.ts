import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RoutingRule } from './routing';

export class RoutingDto {
  @ApiProperty({ enum: ['inline', 'background'] }) mode!: 'inline' | 'background';
  @ApiProperty({ enum: RoutingRule }) rule!: RoutingRule;
  @ApiProperty({ example: 'The query is 812 characters, over the inline limit of 500' }) reason!: string;
}

/** The seed's queued shape (HTTP 202). */
export class TaskAcceptedDto {
  @ApiProperty({ format: 'uuid' }) task_id!: string;
  @ApiProperty({ enum: ['PENDING'] }) status!: 'PENDING';
  @ApiProperty({ example: 'Query submitted for processing' }) message!: string;
  @ApiProperty({ example: '30-60 seconds' }) estimated_time!: string;
  @ApiProperty({ example: '/api/ai/task/5b2c1f0e-8d4a-4c6e-9a51-0f1e2d3c4b5a/status/' }) status_url!: string;
  @ApiProperty({ type: RoutingDto }) routing!: RoutingDto;
  @ApiPropertyOptional({ description: 'Echoed for medical submissions' }) analysis_type?: string;
  @ApiPropertyOptional({ description: 'Echoed for database submissions' }) database?: string;
}

export function taskAccepted(
  taskId: string,
  message: string,
  estimatedTime: string,
  routing: RoutingDto,
  extra: Partial<TaskAcceptedDto> = {},
): TaskAcceptedDto {
  return {
    task_id: taskId,
    status: 'PENDING',
    message,
    estimated_time: estimatedTime,
    status_url: `/api/ai/task/${taskId}/status/`,
    routing,
    ...extra,
  };
}
