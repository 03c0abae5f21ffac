import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { MaxConfiguredJsonBytes, MaxConfiguredLength } from '../../core/http/configurable-limits';
import type { TaskPriority } from '../../tasks/task-status';

export class CreateScheduleDto {
  @ApiPropertyOptional({ description: 'A label for you', example: 'Morning census summary', maxLength: 120 })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  name?: string;

  @ApiProperty({
    description:
      'Cron expression: 5 fields (minute hour day month weekday), or 6 with seconds first. Two runs must be at least SCHEDULE_MIN_INTERVAL_SECONDS apart (default 60).',
    example: '0 7 * * 1-5',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  cron!: string;

  @ApiPropertyOptional({ description: 'IANA time zone the cron expression is read in', example: 'Europe/Paris', default: 'UTC' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timezone?: string;

  @ApiProperty({ description: 'The general query each run asks (as POST /api/ai/query/ with use_celery)', example: 'Summarise yesterday\'s admissions' })
  @IsString()
  @IsNotEmpty()
  @MaxConfiguredLength('queryMaxChars')
  query!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  @MaxConfiguredJsonBytes('contextMaxBytes')
  context?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: ['high', 'normal', 'low'], default: 'low' })
  @IsOptional()
  @IsIn(['high', 'normal', 'low'])
  priority?: TaskPriority;
}

export class ScheduleDto {
  @ApiProperty({ format: 'uuid' }) schedule_id!: string;
  @ApiPropertyOptional() name?: string;
  @ApiProperty({ example: '0 7 * * 1-5' }) cron!: string;
  @ApiProperty({ example: 'Europe/Paris' }) timezone!: string;
  @ApiProperty() query!: string;
  @ApiProperty({ enum: ['high', 'normal', 'low'] }) priority!: TaskPriority;
  @ApiProperty({ enum: ['active', 'paused'] }) state!: 'active' | 'paused';
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Why the service paused the schedule (the owner lost a role, or was not seen for long); null otherwise',
  })
  paused_reason!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'Next planned run (null while paused)' })
  next_run_at!: string | null;
  @ApiProperty({
    type: [String],
    description: 'Task ids of the most recent runs, newest first: each is a normal task at /api/ai/task/{id}/status/',
  })
  recent_task_ids!: string[];
}

export class ScheduleListDto {
  @ApiProperty({ example: true }) success!: boolean;
  @ApiProperty({ type: [ScheduleDto] }) schedules!: ScheduleDto[];
}
