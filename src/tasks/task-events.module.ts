import { Global, Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';
import { TaskEventsController } from './task-events.controller';
import { TaskEventsService } from './task-events.service';
import { TaskStreamHub } from './task-stream.hub';
import { TaskSubmitFinisher } from './task-submit.finisher';
import { TaskSubmitGuard } from './task-submit.guard';
import { TasksModule } from './tasks.module';

/**
 * API role: task event streams (SSE from Redis), and the submit extras every submit endpoint gets
 * through one guard and one answer hook (idempotency keys, wait-then-queue, webhook registration) that submit
 * routes apply with @SubmitEndpoint(); global so every domain's controller can use it.
 * WebhooksModule (global) provides the WebhookService they use.
 */
@Global()
@Module({
  imports: [TasksModule],
  controllers: [TaskEventsController],
  providers: [TaskEventsService, TaskStreamHub, IdempotencyService, TaskSubmitGuard, TaskSubmitFinisher],
  exports: [TaskEventsService, IdempotencyService, TaskSubmitGuard, TaskSubmitFinisher],
})
export class TaskEventsModule {}
