import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches } from 'class-validator';
import { MaxConfiguredLength } from '../../core/http/configurable-limits';
import { SubmitOptionsDto } from '../../tasks/dto/submit-options.dto';

export const DEFAULT_DATABASE = 'medcor_db2';

export class DatabaseQueryRequestDto extends SubmitOptionsDto {
  @ApiProperty({
    description: 'One read-only SQL SELECT, or a question in plain language (at most QUERY_MAX_CHARS characters)',
    example: 'SELECT sex, count(*) AS patients FROM patients GROUP BY sex ORDER BY sex',
  })
  @IsString()
  @IsNotEmpty()
  @MaxConfiguredLength('queryMaxChars')
  query!: string;

  @ApiPropertyOptional({ description: 'A database name known to the tools server (DATABASES)', default: DEFAULT_DATABASE })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,63}$/, { message: 'database must be 1-63 letters, digits, "_", "." or "-"' })
  database?: string;

  @ApiPropertyOptional({ description: 'Force background processing (name kept from the Celery era)', default: false })
  @IsOptional()
  @IsBoolean()
  use_celery?: boolean;
}
