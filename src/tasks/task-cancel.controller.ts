import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../core/auth';
import type { AuthenticatedUser } from '../core/auth';
import { AppError, ErrorCode } from '../core/errors';
import { ApiErrorResponses } from '../core/http/api-error.decorator';
import { TaskCancelledDto } from './dto/task-status-response.dto';
import { TaskCancellationService } from './task-cancellation.service';
import { isTaskId } from './task-store.service';

/** Cancelling. Polling (GET …/status/) is a plain Fastify route: see task-status.route.ts. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/ai/task')
export class TaskCancelController {
  constructor(private readonly cancellation: TaskCancellationService) {}

  @Delete(':taskId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a waiting or running task (owner or admin)' })
  @ApiParam({ name: 'taskId', format: 'uuid' })
  @ApiOkResponse({ type: TaskCancelledDto })
  @ApiErrorResponses(401, 404, 409, 503)
  async cancel(@Param('taskId') taskId: string, @CurrentUser() user: AuthenticatedUser): Promise<TaskCancelledDto> {
    if (!isTaskId(taskId)) throw new AppError(ErrorCode.NotFound, `Task ${taskId} not found`);
    const { wasRunning } = await this.cancellation.cancel(taskId, user);
    return {
      task_id: taskId,
      status: 'CANCELLED',
      message: wasRunning ? 'Cancellation sent to the worker running the task' : 'The task was removed from the queue',
    };
  }
}
