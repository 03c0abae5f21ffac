import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SubmitOptionsDto } from '../../tasks/dto/submit-options.dto';
import type { CodeFocus } from '../../tasks/job-payloads';

export const CODE_FOCUSES: CodeFocus[] = ['security', 'performance', 'style', 'all'];

export class CodeAnalysisRequestDto extends SubmitOptionsDto {
  // No length decorator on purpose: the service checks UTF-8 bytes against CODE_MAX_BYTES and
  // answers 413, which a validation 400 would hide.
  @ApiProperty({
    description: 'The source code to analyse, at most CODE_MAX_BYTES bytes in UTF-8 (default 204800). It is parsed, never executed.',
    example: 'function run(req) {\n  return eval(req.body.formula);\n}\n',
  })
  @IsString()
  @IsNotEmpty()
  code!: string;

  @ApiPropertyOptional({ description: 'javascript, typescript, sql, python, … (detected from the filename or the content when missing)', example: 'javascript' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(/^[A-Za-z0-9+#._-]+$/, { message: 'language must be a language name such as javascript, c++ or c#' })
  language?: string;

  @ApiPropertyOptional({ description: 'A file name, used to detect the language by its extension', example: 'dose.js' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  filename?: string;

  @ApiPropertyOptional({ enum: CODE_FOCUSES, default: 'all' })
  @IsOptional()
  @IsIn(CODE_FOCUSES)
  focus?: CodeFocus;
}
