import { registerQueues } from '../tasks/bull-options.factory';
import { DynamicModule, Module } from '@nestjs/common';
import { AuxQueueName } from '../tasks/queue-names';
import { TASK_CALLBACK_HOOK, TASK_FINAL_HOOK } from '../tasks/task-hooks';
import { TasksModule } from '../tasks/tasks.module';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookService } from './webhook.service';

/**
 * Signed task webhooks: the allowlist check and registration (API, through the submit's callback
 * hook), the final-state hook the task runner calls and the delivery queue's processor (worker). Global so the runner sees the hook.
 */
@Module({})
export class WebhooksModule {
  static forRole(roles: { api: boolean; worker: boolean }): DynamicModule {
    return {
      module: WebhooksModule,
      global: true,
      imports: [TasksModule, registerQueues(AuxQueueName.Webhooks)],
      providers: [
        WebhookService,
        { provide: TASK_FINAL_HOOK, useExisting: WebhookService },
        { provide: TASK_CALLBACK_HOOK, useExisting: WebhookService },
        ...(roles.worker ? [WebhookDeliveryProcessor] : []),
      ],
      exports: [WebhookService, TASK_FINAL_HOOK, TASK_CALLBACK_HOOK],
    };
  }
}
