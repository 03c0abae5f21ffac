import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { MaxConfiguredJsonBytes, MaxConfiguredLength } from '../../core/http/configurable-limits';
import { SubmitOptionsDto } from '../../tasks/dto/submit-options.dto';
import type { CodeFocus, QueryType } from '../../tasks/job-payloads';

export const QUERY_TYPES: QueryType[] = ['general', 'medical', 'database', 'code', 'system'];

export class AiQueryRequestDto extends SubmitOptionsDto {
  @ApiProperty({ description: 'Your question or request (at most QUERY_MAX_CHARS characters)', example: 'What is the normal range for HbA1c?' })
  @IsString()
  @IsNotEmpty()
  @MaxConfiguredLength('queryMaxChars')
  query!: string;

  @ApiPropertyOptional({ enum: QUERY_TYPES, default: 'general' })
  @IsOptional()
  @IsIn(QUERY_TYPES)
  query_type?: QueryType;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'At most CONTEXT_MAX_BYTES (16384) bytes as JSON', example: { additional: 'context data' } })
  @IsOptional()
  @IsObject()
  @MaxConfiguredJsonBytes('contextMaxBytes')
  context?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Force background processing (name kept from the Celery era)', default: false })
  @IsOptional()
  @IsBoolean()
  use_celery?: boolean;

  @ApiPropertyOptional({ description: 'Inline only: answer as Server-Sent Events with tokens as they arrive', default: false })
  @IsOptional()
  @IsBoolean()
  stream?: boolean;

  @ApiPropertyOptional({ description: 'query_type code: the language (detected when missing)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  language?: string;

  @ApiPropertyOptional({ description: 'query_type code: a file name, used to detect the language' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  filename?: string;

  @ApiPropertyOptional({ enum: ['security', 'performance', 'style', 'all'], description: 'query_type code only' })
  @IsOptional()
  @IsIn(['security', 'performance', 'style', 'all'])
  focus?: CodeFocus;
}
