import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../core/auth';
import type { AuthenticatedUser } from '../core/auth';
import { AppError, ErrorCode } from '../core/errors';
import { ApiErrorResponses } from '../core/http/api-error.decorator';
import { TaskCancelledDto, TaskStatusResponseDto } from './dto/task-status-response.dto';
import { TaskCancellationService } from './task-cancellation.service';
import { TaskStore } from './task-store.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Polling and cancelling. Polling is the hottest route: one Redis read, no body validation. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/ai/task')
export class TaskStatusController {
  constructor(
    private readonly store: TaskStore,
    private readonly cancellation: TaskCancellationService,
  ) {}

  @Get(':taskId/status')
  @ApiOperation({ summary: 'Status, progress and result of a background task' })
  @ApiParam({ name: 'taskId', format: 'uuid' })
  @ApiOkResponse({ type: TaskStatusResponseDto })
  @ApiErrorResponses(401, 404, 503)
  async status(@Param('taskId') taskId: string, @CurrentUser() user: AuthenticatedUser): Promise<TaskStatusResponseDto> {
    const view = UUID.test(taskId) ? await this.store.get(taskId) : null;
    if (!view || view.owner !== user.userId) {
      // Another user's task is indistinguishable from a missing one (404, not 403).
      if (UUID.test(taskId) && (await this.store.expiredOwner(taskId)) === user.userId) {
        throw new AppError(ErrorCode.NotFound, `Task ${taskId} has expired: its result was kept for its retention time and then deleted`);
      }
      throw new AppError(ErrorCode.NotFound, `Task ${taskId} not found (unknown id, or its result has expired)`);
    }
    return {
      task_id: view.taskId,
      task_type: view.kind,
      status: view.status,
      message: view.message,
      progress: view.progress,
      result: view.result,
      attempts: view.attempts,
      created_at: view.createdAt,
      updated_at: view.updatedAt,
    };
  }

  @Delete(':taskId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a waiting or running task (owner or admin)' })
  @ApiParam({ name: 'taskId', format: 'uuid' })
  @ApiOkResponse({ type: TaskCancelledDto })
  @ApiErrorResponses(401, 404, 409, 503)
  async cancel(@Param('taskId') taskId: string, @CurrentUser() user: AuthenticatedUser): Promise<TaskCancelledDto> {
    if (!UUID.test(taskId)) throw new AppError(ErrorCode.NotFound, `Task ${taskId} not found`);
    const { wasRunning } = await this.cancellation.cancel(taskId, user);
    return {
      task_id: taskId,
      status: 'CANCELLED',
      message: wasRunning ? 'Cancellation sent to the worker running the task' : 'The task was removed from the queue',
    };
  }
}
