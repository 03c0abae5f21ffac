import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { SubmitEndpoint } from '../tasks/submit-endpoint.decorator';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, CurrentUser } from '../core/auth';
import type { AuthenticatedUser } from '../core/auth';
import { TaskAcceptedDto } from '../tasks/dispatcher/task-accepted.dto';
import { ApiErrorResponses } from '../core/http/api-error.decorator';
import { SseWriter } from '../tasks/task-events.sse';
import { AiQueryRequestDto } from './dto/ai-query-request.dto';
import { AiQueryResponseDto } from './dto/ai-query-response.dto';
import { AiQueryService } from './ai-query.service';
import { AppError, ErrorCode } from '../core/errors';
import { queryAccessPath } from './query-access-path';

@ApiTags('ai')
@ApiBearerAuth()
@Access(queryAccessPath)
@Controller('api/ai/query')
export class AiQueryController {
  constructor(private readonly queries: AiQueryService) {}

  @Post()
  @SubmitEndpoint()
  @HttpCode(200)
  @ApiOperation({
    summary: 'General query: inline when short and simple, background otherwise',
    description:
      'Inline (200) for short general and system queries; background (202) when use_celery is true, the query is over the inline limit, or query_type is medical, database or code. `routing` says why. query_type database needs the analyst, clinician or admin role, medical the clinician or admin role (403 names them). With `stream: true` an inline answer comes as Server-Sent Events (`text/event-stream`): `token` events `{token}` as the model writes, then one `result` event with the inline shape (or an `error` event); closing the connection cancels the model call. Streamed answers use the model alone, without tool rounds.',
  })
  @ApiOkResponse({ type: AiQueryResponseDto, description: 'Answered inline (JSON, or text/event-stream with stream: true)' })
  @ApiAcceptedResponse({ type: TaskAcceptedDto, description: 'Queued; poll status_url' })
  @ApiErrorResponses(400, 401, 403, 409, 413, 422, 429, 503)
  async query(
    @Body() dto: AiQueryRequestDto,
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AiQueryResponseDto | TaskAcceptedDto | void> {
    const routing = this.queries.route(dto);
    if (this.queries.canStream(dto, routing)) return this.queries.stream(dto, user, routing, new SseWriter(request, reply));
    // Only an inline answer stops when its caller goes away; a queued task runs on regardless.
    const signal = routing.mode === 'inline' ? disconnectSignal(reply) : undefined;
    const outcome = await this.queries.handle(dto, user, String(request.id), routing, signal);
    if (outcome.kind === 'queued') void reply.status(202);
    return outcome.body;
  }
}

/** Aborts when the connection closes before the answer was written (the client went away). */
function disconnectSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableEnded) controller.abort(new AppError(ErrorCode.Cancelled, 'The client closed the connection'));
  });
  return controller.signal;
}
