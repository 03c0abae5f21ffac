import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Swagger's picture of the task result (CodeAnalysisResult in code-analysis.types.ts). */
export class StaticFindingDto {
  @ApiProperty({ example: 'eslint' }) tool!: string;
  @ApiProperty({ example: 'no-eval' }) rule!: string;
  @ApiProperty({ enum: ['error', 'warning', 'info'] }) severity!: string;
  @ApiProperty({ example: 4 }) line!: number;
  @ApiProperty({ example: 10 }) column!: number;
  @ApiProperty({ example: 'eval can be harmful.' }) message!: string;
  @ApiPropertyOptional() suggestion?: string;
}

export class CodeIssueDto {
  @ApiProperty({ example: 4 }) line!: number;
  @ApiProperty({ enum: ['error', 'warning', 'info'] }) severity!: string;
  @ApiProperty({ example: 'eval runs text from the request as code' }) message!: string;
  @ApiProperty({ enum: ['static', 'llm'] }) source!: string;
  @ApiPropertyOptional({ example: 'no-eval' }) rule?: string;
  @ApiPropertyOptional({ description: 'Static issues: the analyser' }) tool?: string;
  @ApiPropertyOptional({ description: 'Static issues: 1-based column' }) column?: number;
  @ApiPropertyOptional() suggestion?: string;
}

export class SecuritySectionDto {
  @ApiProperty({ enum: ['none', 'low', 'medium', 'high', 'critical'] }) risk_level!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: [String] }) concerns!: string[];
}

export class OptimisationDto {
  @ApiProperty({ nullable: true, type: Number }) line!: number | null;
  @ApiProperty() suggestion!: string;
}

export class CodeReviewDto {
  @ApiProperty({
    enum: ['done', 'unavailable'],
    description:
      '`done`: the LLM review is here. `unavailable`: the task still succeeded with the static findings alone, and `reason` and `code` ' +
      'say why there is no review (no LLM configured, the LLM unreachable or down, an answer that was not the required structure ' +
      'even after one repair request, or a model that refuses the request as configured). Such results are not cached.',
  })
  status!: string;
  @ApiProperty({ description: 'Same as `status !== "done"`; kept for clients written before `status`' }) skipped!: boolean;
  @ApiPropertyOptional({ example: 'The LLM review failed: The LLM server answered 503 for gpt-4o-mini', description: 'Unavailable reviews: why' })
  reason?: string;
  @ApiPropertyOptional({
    enum: ['llm_not_configured', 'llm_unavailable', 'llm_bad_output', 'llm_config', 'internal_error'],
    description: 'Unavailable reviews: the error code of the LLM failure',
  })
  code?: string;
  @ApiPropertyOptional({ enum: ['static_and_llm', 'llm_only'] }) mode?: string;
  @ApiPropertyOptional() summary?: string;
  @ApiPropertyOptional({ type: [CodeIssueDto], description: 'Static findings and model issues, merged and deduplicated by line and rule or message' })
  issues?: CodeIssueDto[];
  @ApiPropertyOptional({ type: SecuritySectionDto }) security?: SecuritySectionDto;
  @ApiPropertyOptional({ type: [OptimisationDto] }) optimizations?: OptimisationDto[];
  @ApiPropertyOptional({ example: 'gpt-4o-mini' }) model?: string;
  @ApiPropertyOptional({ example: 'No static analyser for python here: this review comes from the LLM alone' }) note?: string;
}

export class CodeAnalysisResultDto {
  @ApiProperty({ example: true }) success!: boolean;
  @ApiProperty({ description: 'A short readable summary' }) response!: string;
  @ApiProperty({ example: 'javascript' }) language!: string;
  @ApiProperty({ enum: ['explicit', 'filename', 'content'] }) detected_by!: string;
  @ApiProperty({ type: [String], example: ['eslint'] }) analysers!: string[];
  @ApiProperty({ type: [StaticFindingDto] }) findings!: StaticFindingDto[];
  @ApiProperty({ type: CodeReviewDto }) review!: CodeReviewDto;
  @ApiPropertyOptional({ example: 'no static analyser for python here' }) static_analysis_note?: string;
  @ApiPropertyOptional({ type: [String], description: 'Analysers cut off by the time limit' }) timed_out?: string[];
  @ApiProperty({ type: [String], example: ['analyze_code'] }) tools_used!: string[];
  @ApiProperty({ description: 'Seconds', example: 1.2 }) processing_time!: number;
  @ApiProperty({ description: 'True when served from the 30-minute result cache' }) cached!: boolean;
}
