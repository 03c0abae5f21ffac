import { Module } from '@nestjs/common';
import { TaskCancellationService } from './task-cancellation.service';
import { TaskStatusController } from './task-status.controller';
import { TasksModule } from './tasks.module';

/** The task status, cancel and event endpoints (API role). */
@Module({
  imports: [TasksModule],
  controllers: [TaskStatusController],
  providers: [TaskCancellationService],
})
export class TaskApiModule {}
