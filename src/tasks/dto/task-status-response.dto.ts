import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TaskStatus } from '../task-status';

export class TaskStatusResponseDto {
  @ApiProperty({ format: 'uuid' }) task_id!: string;
  @ApiProperty({ enum: ['query', 'medical', 'database', 'code'] }) task_type!: string;
  @ApiProperty({ enum: TaskStatus, example: TaskStatus.Progress }) status!: TaskStatus;
  @ApiProperty({ example: 'Calling tool sql_query' }) message!: string;
  @ApiProperty({ minimum: 0, maximum: 100, example: 75 }) progress!: number;
  @ApiPropertyOptional({
    description: 'The task result once SUCCESS; `{success: false, error, code}` once FAILURE or CANCELLED; null before',
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { success: true, response: 'Task result' },
  })
  result!: unknown;
  @ApiProperty({ description: 'Attempts started so far' }) attempts!: number;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}

export class TaskCancelledDto {
  @ApiProperty({ format: 'uuid' }) task_id!: string;
  @ApiProperty({ enum: ['CANCELLED'] }) status!: 'CANCELLED';
  @ApiProperty() message!: string;
}
