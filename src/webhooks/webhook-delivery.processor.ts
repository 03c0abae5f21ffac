import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { AppConfigService } from '../core/config';
import { AuxJobName, AuxQueueName } from '../tasks/queue-names';
import { TaskStore } from '../tasks/task-store.service';
import { postPinned } from './webhook-sender';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from './webhook-signature';
import { WebhookTargetError } from './webhook-target';
import { WebhookJob, WebhookService } from './webhook.service';

const DELIVERY_TIMEOUT_MS = 10_000;

/** The only fields a webhook body ever has: the receiver fetches the result with its own token. */
export interface WebhookBody {
  task_id: string;
  task_type: string;
  status: string;
  created_at: string;
  updated_at: string;
  status_url: string;
  timestamp: number;
}

/**
 * POSTs a finished task's state to its callback_url, signed with WEBHOOK_SECRET. The body is thin
 * (WebhookBody): no result and no message, whatever the task kind, so no patient data leaves by
 * this route. The target is checked again (allowlist, https, public address) and the connection
 * pinned to the checked address. A non-2xx answer or a network error throws, so Bull retries
 * with exponential backoff; a refused target is dropped.
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
    if (!secret) {
      this.logger.warn({ taskId }, 'Webhook dropped: webhooks are no longer configured');
      return;
    }
    let target: Awaited<ReturnType<WebhookService['target']>>;
    try {
      target = await this.webhooks.target(url);
    } catch (error) {
      if (!(error instanceof WebhookTargetError)) throw error;
      this.logger.warn({ taskId, reason: error.message }, 'Webhook dropped: its target is not allowed');
      return;
    }
    const view = await this.store.get(taskId);
    if (!view) return;
    const timestamp = Math.floor(Date.now() / 1000);
    const thin: WebhookBody = {
      task_id: taskId,
      task_type: view.kind,
      status: view.status,
      created_at: view.createdAt,
      updated_at: view.updatedAt,
      status_url: `/api/ai/task/${taskId}/status/`,
      timestamp,
    };
    const body = JSON.stringify(thin);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'medcor-webhooks/1',
      [SIGNATURE_HEADER]: signWebhook(secret, body),
      [TIMESTAMP_HEADER]: String(timestamp),
      'x-medcor-delivery': `${taskId}:${job.attemptsMade + 1}`,
    };
    const status = await postPinned(target.url, target.address, headers, body, DELIVERY_TIMEOUT_MS);
    if (status < 200 || status >= 300) {
      this.logger.warn({ taskId, status, attempt: job.attemptsMade + 1 }, 'Webhook delivery refused; retrying');
      throw new Error(`The webhook receiver answered ${status}`);
    }
  }
}
