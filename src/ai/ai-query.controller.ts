import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticatedUser, CurrentUser } from '../core/auth';
import { TaskAcceptedDto } from '../core/dispatcher/task-accepted.dto';
import { ApiErrorResponses } from '../core/http/api-error.decorator';
import { AiQueryRequestDto } from './dto/ai-query-request.dto';
import { AiQueryResponseDto } from './dto/ai-query-response.dto';
import { AiQueryService } from './ai-query.service';

@ApiTags('ai')
@ApiBearerAuth()
@Controller('api/ai/query')
export class AiQueryController {
  constructor(private readonly queries: AiQueryService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'General query: inline when short and simple, background otherwise',
    description:
      'Inline (200) for short general and system queries; background (202) when use_celery is true, the query is over the inline limit, or query_type is medical, database or code. `routing` says why.',
  })
  @ApiOkResponse({ type: AiQueryResponseDto, description: 'Answered inline' })
  @ApiAcceptedResponse({ type: TaskAcceptedDto, description: 'Queued; poll status_url' })
  @ApiErrorResponses(400, 401, 413, 429, 503)
  async query(
    @Body() dto: AiQueryRequestDto,
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AiQueryResponseDto | TaskAcceptedDto> {
    const routing = this.queries.route(dto);
    const outcome = await this.queries.handle(dto, user, String(request.id), routing);
    if (outcome.kind === 'queued') void reply.status(202);
    return outcome.body;
  }
}
