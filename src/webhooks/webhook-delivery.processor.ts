import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { AppConfigService } from '../core/config';
import { AuxJobName, AuxQueueName } from '../tasks/queue-names';
import { TaskStore } from '../tasks/task-store.service';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from './webhook-signature';
import { WebhookJob, WebhookService } from './webhook.service';

const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * POSTs a finished task's status to its callback_url, signed with WEBHOOK_SECRET. A non-2xx
 * answer or a network error throws, so Bull retries with exponential backoff. Medical results are
 * left out of the body (patient data stays behind the authenticated status endpoint).
 */
@Processor(AuxQueueName.Webhooks)
export class WebhookDeliveryProcessor {
  private readonly logger = new Logger(WebhookDeliveryProcessor.name);

  constructor(
    private readonly config: AppConfigService,
    private readonly store: TaskStore,
    private readonly webhooks: WebhookService,
  ) {}

  @Process({ name: AuxJobName.WebhookDelivery, concurrency: 4 })
  async deliver(job: Job<WebhookJob>): Promise<void> {
    const { taskId, url } = job.data;
    const secret = this.config.all.security.webhookSecret;
    // The allowlist is checked again: it may have shrunk since the task was submitted.
    if (!secret || !this.webhooks.isAllowed(url)) {
      this.logger.warn({ taskId }, 'Webhook dropped: webhooks are no longer configured for its host');
      return;
    }
    const view = await this.store.get(taskId);
    if (!view) return;
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({
      task_id: taskId,
      task_type: view.kind,
      status: view.status,
      message: view.message,
      progress: view.progress,
      result: view.kind === 'medical' ? undefined : view.result,
      status_url: `/api/ai/task/${taskId}/status/`,
      timestamp,
    });
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'medcor-webhooks/1',
        [SIGNATURE_HEADER]: signWebhook(secret, body),
        [TIMESTAMP_HEADER]: String(timestamp),
        'x-medcor-delivery': `${taskId}:${job.attemptsMade + 1}`,
      },
      body,
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.status < 200 || response.status >= 300) {
      this.logger.warn({ taskId, status: response.status, attempt: job.attemptsMade + 1 }, 'Webhook delivery refused; retrying');
      throw new Error(`The webhook receiver answered ${response.status}`);
    }
  }
}
