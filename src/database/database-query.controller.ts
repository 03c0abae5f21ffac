import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { SubmitEndpoint } from '../tasks/submit-endpoint.decorator';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, CurrentUser } from '../core/auth';
import { AccessPath } from '../shared/policy';
import type { AuthenticatedUser } from '../core/auth';
import { TaskAcceptedDto } from '../tasks/dispatcher/task-accepted.dto';
import { ApiErrorResponses } from '../core/http/api-error.decorator';
import { DatabaseQueryService } from './database-query.service';
import { DatabaseQueryRequestDto } from './dto/database-query-request.dto';
import { DatabaseQueryResponseDto } from './dto/database-query-response.dto';

@ApiTags('database')
@ApiBearerAuth()
@Access(AccessPath.Database)
@Controller('api/ai/database')
export class DatabaseQueryController {
  constructor(private readonly queries: DatabaseQueryService) {}

  @Post()
  @SubmitEndpoint()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run a read-only SQL query or answer a question about a database',
    description:
      'Needs the analyst, clinician or admin role (403 names them otherwise). SQL is parsed by PostgreSQL\'s parser and must be one read-only SELECT. A simple single-table SELECT whose planner cost is within DB_INLINE_MAX_COST is answered inline (200); JOINs, GROUP BY, expensive queries, use_celery, scheduled runs and natural-language questions are queued (202). `routing` says why. Answers are cached for 30 minutes per user, database and query text; send `Cache-Control: no-cache` to recompute.',
  })
  @ApiHeader({ name: 'Cache-Control', required: false, description: '`no-cache` skips the 30-minute result cache' })
  @ApiOkResponse({ type: DatabaseQueryResponseDto, description: 'Answered inline or from the cache' })
  @ApiAcceptedResponse({ type: TaskAcceptedDto, description: 'Queued; poll status_url' })
  @ApiErrorResponses(400, 401, 403, 413, 429, 503, 504)
  async query(
    @Body() dto: DatabaseQueryRequestDto,
    @CurrentUser() user: AuthenticatedUser,
    @Headers('cache-control') cacheControl: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DatabaseQueryResponseDto | TaskAcceptedDto> {
    const noCache = /(^|,)\s*no-(cache|store)\s*(,|$)/i.test(cacheControl ?? '');
    const outcome = await this.queries.submit(dto, user, { requestId: String(request.id), noCache });
    if (outcome.kind === 'queued') void reply.status(202);
    return outcome.body;
  }
}
