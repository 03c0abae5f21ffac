import { Module } from '@nestjs/common';
import { TaskCancellationService } from './task-cancellation.service';
import { TaskCancelController } from './task-cancel.controller';
import { TaskStatusRoute } from './task-status.route';
import { TasksModule } from './tasks.module';

/** The task status, cancel and event endpoints (API role). */
@Module({
  imports: [TasksModule],
  controllers: [TaskCancelController],
  providers: [TaskCancellationService, TaskStatusRoute],
})
export class TaskApiModule {}
