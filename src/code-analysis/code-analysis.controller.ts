import { bypassesCache } from '../core/http/cache-control';
import { SubmitEndpoint } from '../tasks/submit-endpoint.decorator';
import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Access, CurrentUser, type AuthenticatedUser } from '../core/auth';
import { AccessPath } from '../shared/policy';
import { TaskAcceptedDto } from '../tasks/dispatcher/task-accepted.dto';
import { ApiErrorResponses } from '../core/http/api-error.decorator';
import { CodeAnalysisService } from './code-analysis.service';
import { CodeAnalysisRequestDto } from './dto/code-analysis-request.dto';
import { CodeAnalysisResultDto } from './dto/code-analysis-result.dto';

@ApiTags('code')
@ApiBearerAuth()
@Access(AccessPath.Code)
@Controller('api/ai/code')
export class CodeAnalysisController {
  constructor(private readonly analyses: CodeAnalysisService) {}

  @Post()
  @SubmitEndpoint()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Analyse code: static analysers first, then an LLM review (always background)',
    description: [
      'Always answers 202 with a task; poll `status_url`. The result (CodeAnalysisResultDto) has the static findings',
      '(ESLint and the TypeScript compiler for JavaScript/TypeScript, the PostgreSQL parser for SQL) and an LLM review whose',
      'issues merge and deduplicate the static ones. Other languages get an LLM-only review that says so. When the review',
      'cannot be had (no LLM configured, the LLM down, an unusable answer, a model that refuses the request) the task still',
      'ends SUCCESS with the static findings and `review: {status: "unavailable", reason, code}`, and its status message says so.',
      'Caching: complete results are kept 30 minutes by SHA-256 of the code, the language (as given, else the file',
      'extension, else detected from content) and the focus. A repeat submission is still a new 202 task; its worker',
      'finds the cached result, skips the analysis and stores it with `cached: true`.',
      'Code over CODE_MAX_BYTES (UTF-8 bytes) is refused with 413 payload_too_large. The code is never executed.',
    ].join(' '),
  })
  @ApiAcceptedResponse({ type: TaskAcceptedDto, description: 'Queued; poll status_url for a CodeAnalysisResultDto' })
  @ApiOkResponse({ type: CodeAnalysisResultDto, description: 'Finished within `wait_seconds` (or `Prefer: wait=N`): the result, with `task_id` and `routing`' })
  @ApiErrorResponses(400, 401, 413, 429, 503)
  submit(@Body() dto: CodeAnalysisRequestDto, @CurrentUser() user: AuthenticatedUser, @Req() request: FastifyRequest): Promise<TaskAcceptedDto> {
    return this.analyses.submit(dto, user, String(request.id), bypassesCache(request.headers));
  }
}
