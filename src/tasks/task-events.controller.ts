import { Controller, Get, Headers, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser } from '../core/auth';
import type { AuthenticatedUser } from '../core/auth';
import { AppError, ErrorCode } from '../core/errors';
import { ApiErrorResponses } from '../core/http/api-error.decorator';
import { SseWriter } from './task-events.sse';
import { TaskEventsService } from './task-events.service';
import { isTaskId, TaskStore } from './task-store.service';

const EVENTS_DESCRIPTION = [
  'Server-Sent Events, one `status` event per state change of the task: `data` is',
  '`{task_id, status, message, progress?, result?}` (status PENDING, PROGRESS, RETRY, SUCCESS, FAILURE or CANCELLED;',
  '`result` on the final event only). Each event `id` is its Redis stream id: reconnect with `Last-Event-ID`',
  '(or `?last_event_id=`) to receive every later event exactly once. The stream replays past events first, so it',
  'also works for a task that finished before you connected, and it ends after the final event.',
  'Served from Redis, so any API replica can serve it. A `: keep-alive` comment is sent every 15 s.',
].join(' ');

/** Task event streams (SSE) for the task's owner. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/ai/task')
export class TaskEventsController {
  constructor(
    private readonly store: TaskStore,
    private readonly events: TaskEventsService,
  ) {}

  @Get(':taskId/events')
  @ApiOperation({ summary: 'Stream a task\'s status and progress changes (SSE), ending with its result', description: EVENTS_DESCRIPTION })
  @ApiParam({ name: 'taskId', format: 'uuid' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id' })
  @ApiQuery({ name: 'last_event_id', required: false, description: 'Same as Last-Event-ID, for clients that cannot set headers' })
  @ApiProduces('text/event-stream')
  @ApiResponse({ status: 200, description: 'text/event-stream of `status` events', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiErrorResponses(401, 404, 503)
  async stream(
    @Param('taskId') taskId: string,
    @Headers('last-event-id') lastEventHeader: string | undefined,
    @Query('last_event_id') lastEventQuery: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Access only: the whole record (and a sealed result's decryption) is the stream's to send.
    const owner = isTaskId(taskId) ? await this.store.owner(taskId) : null;
    if (owner !== user.userId) throw new AppError(ErrorCode.NotFound, `Task ${taskId} not found (unknown id, or its result has expired)`);
    const after = lastEventHeader ?? lastEventQuery ?? '0';
    if (after !== '0' && !TaskEventsService.isValidId(after)) {
      throw new AppError(ErrorCode.ValidationFailed, 'Last-Event-ID must be an event id this stream sent (e.g. 1712345678901-0)');
    }
    this.events.assertCapacity(user.userId); // a 503 now, before the stream's headers go out
    const sse = new SseWriter(request, reply);
    try {
      let final = false;
      for await (const event of this.events.follow(taskId, after, sse.signal, user.userId)) {
        const { id, ...rest } = event;
        sse.send('status', { task_id: taskId, ...rest }, id);
        final = TaskStore.isFinal(event.status);
      }
      // A stream ends with the final event or says why not (its record expired meanwhile);
      // a resume past the final event has nothing more to say.
      if (!final && !sse.isClosed && !TaskStore.isFinal(await this.store.status(taskId))) {
        sse.send('error', { success: false, error: `Task ${taskId} has no more events: its record expired`, code: ErrorCode.NotFound });
      }
    } catch (error) {
      const message = error instanceof AppError ? error.message : 'The event stream failed; reconnect with Last-Event-ID';
      sse.send('error', { success: false, error: message });
    } finally {
      sse.end();
    }
  }
}
