import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUrl, Max, MaxLength, Min } from 'class-validator';
import type { TaskPriority } from '../task-status';

/** Options every submit endpoint takes (priorities, scheduling, waiting, webhooks). */
export class SubmitOptionsDto {
  @ApiPropertyOptional({ enum: ['high', 'normal', 'low'], description: 'Queue priority (medical defaults to high)' })
  @IsOptional()
  @IsIn(['high', 'normal', 'low'])
  priority?: TaskPriority;

  @ApiPropertyOptional({ format: 'date-time', description: 'Run no earlier than this time (background)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  run_at?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 2_592_000, description: 'Run after this many seconds (background)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_592_000)
  delay_seconds?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 60, description: 'Wait up to N seconds for a background result before answering 202' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  wait_seconds?: number;

  @ApiPropertyOptional({ description: 'POSTed the final status, signed with HMAC-SHA256 (allow-listed hosts only)' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  callback_url?: string;
}

/** Milliseconds until a submit may run: `delay_seconds` wins over `run_at`; none means now. */
export function delayMs(dto: Pick<SubmitOptionsDto, 'run_at' | 'delay_seconds'>): number | undefined {
  if (dto.delay_seconds !== undefined) return dto.delay_seconds * 1000;
  if (dto.run_at !== undefined) return Math.max(0, Date.parse(dto.run_at) - Date.now());
  return undefined;
}
