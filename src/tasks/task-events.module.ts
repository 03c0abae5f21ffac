import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyService } from './idempotency.service';
import { TaskEventsController } from './task-events.controller';
import { TaskEventsService } from './task-events.service';
import { TaskSubmitInterceptor } from './task-submit.interceptor';
import { TasksModule } from './tasks.module';

/**
 * API role: task event streams (SSE from Redis), and the submit extras every submit endpoint gets
 * through one global interceptor (idempotency keys, wait-then-queue, webhook registration).
 * WebhooksModule (global) provides the WebhookService the interceptor uses.
 */
@Module({
  imports: [TasksModule],
  controllers: [TaskEventsController],
  providers: [TaskEventsService, IdempotencyService, { provide: APP_INTERCEPTOR, useClass: TaskSubmitInterceptor }],
  exports: [TaskEventsService],
})
export class TaskEventsModule {}
