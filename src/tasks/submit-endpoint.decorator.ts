import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { TaskSubmitGuard } from './task-submit.guard';

/**
 * Marks a route that can queue a task: it gets idempotency keys, wait-then-queue and webhook
 * registration (TaskSubmitGuard before validation, TaskSubmitFinisher on the answer). Applied per route, not globally, so polling and health pay nothing for it.
 */
export function SubmitEndpoint() {
  return applyDecorators(
    UseGuards(TaskSubmitGuard),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A repeat with the same key (24 h) returns the first task; another body gets 422' }),
    ApiHeader({ name: 'Prefer', required: false, description: '`wait=N` (≤ 60): wait up to N seconds for the result before answering 202' }),
  );
}
