import { Global, Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';
import { TaskEventsController } from './task-events.controller';
import { TaskEventsService } from './task-events.service';
import { TaskStreamHub } from './task-stream.hub';
import { TaskSubmitInterceptor } from './task-submit.interceptor';
import { TasksModule } from './tasks.module';

/**
 * API role: task event streams (SSE from Redis), and the submit extras every submit endpoint gets
 * through one interceptor (idempotency keys, wait-then-queue, webhook registration) that submit
 * routes apply with @SubmitEndpoint(); global so every domain's controller can use it.
 * WebhooksModule (global) provides the WebhookService the interceptor uses.
 */
@Global()
@Module({
  imports: [TasksModule],
  controllers: [TaskEventsController],
  providers: [TaskEventsService, TaskStreamHub, IdempotencyService, TaskSubmitInterceptor],
  exports: [TaskEventsService, IdempotencyService, TaskSubmitInterceptor],
})
export class TaskEventsModule {}
