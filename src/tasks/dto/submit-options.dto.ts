import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUrl, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import type { ValidationOptions } from 'class-validator';
import type { TaskPriority } from '../task-status';

/**
 * The furthest ahead a task may be scheduled (30 days), by `delay_seconds` or `run_at` alike: an
 * open task keeps its record, its open-index entry and its sealed job in Redis until it runs.
 */
export const MAX_DELAY_SECONDS = 30 * 24 * 3600;
/** How far in the past a `run_at` may be (client clocks and the request's own transit): it runs now. */
export const RUN_AT_PAST_TOLERANCE_SECONDS = 300;

/** A `run_at` within [now - tolerance, now + MAX_DELAY_SECONDS]; the format is IsISO8601's to check. */
function IsRunAtWithinReach(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRunAtWithinReach',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return true;
          const at = Date.parse(value);
          if (Number.isNaN(at)) return true;
          const ahead = (at - Date.now()) / 1000;
          return ahead <= MAX_DELAY_SECONDS && ahead >= -RUN_AT_PAST_TOLERANCE_SECONDS;
        },
        defaultMessage: () =>
          `run_at must be at most ${MAX_DELAY_SECONDS / 86_400} days ahead and at most ${RUN_AT_PAST_TOLERANCE_SECONDS / 60} minutes in the past`,
      },
    },
    options,
  );
}

/** Options every submit endpoint takes (priorities, scheduling, waiting, webhooks). */
export class SubmitOptionsDto {
  @ApiPropertyOptional({ enum: ['high', 'normal', 'low'], description: 'Queue priority (medical defaults to high)' })
  @IsOptional()
  @IsIn(['high', 'normal', 'low'])
  priority?: TaskPriority;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Run no earlier than this time (background); at most 30 days ahead and 5 minutes in the past',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsRunAtWithinReach()
  run_at?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_DELAY_SECONDS, description: 'Run after this many seconds (background)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_DELAY_SECONDS)
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
