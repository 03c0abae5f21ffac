import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfigService } from '../core/config';
import { AppError, ErrorCode } from '../core/errors';
import { RedisService } from '../core/redis/redis.service';
import { AuxJobName, AuxQueueName } from '../tasks/queue-names';
import type { TaskFinalHook } from '../tasks/task-hooks';
import { TaskStore } from '../tasks/task-store.service';

/** How long a registration waits for its task to finish (the longest a task record stays open). */
const REGISTRATION_TTL_SECONDS = 8 * 24 * 3600;
const DELIVERY_ATTEMPTS = 6;

export interface WebhookJob {
  taskId: string;
  url: string;
}

/**
 * Signed webhooks (`callback_url`): checks the URL's host against WEBHOOK_ALLOWED_HOSTS at submit
 * (no SSRF: no other host is ever called), remembers the URL per task, and queues one delivery
 * when the task reaches a final state. Two paths can see that moment (the worker that finalises
 * the task, and the API that registers the URL after the task may already have finished); SET NX
 * makes sure only one of them queues the delivery.
 */
@Injectable()
export class WebhookService implements TaskFinalHook {
  private readonly logger = new Logger(WebhookService.name);

  constructor(
    private readonly config: AppConfigService,
    private readonly redis: RedisService,
    private readonly store: TaskStore,
    @InjectQueue(AuxQueueName.Webhooks) private readonly queue: Queue<WebhookJob>,
  ) {}

  /** 400 unless webhooks are configured and the URL's host is allow-listed. */
  assertAllowed(callbackUrl: string): void {
    const { webhookSecret } = this.config.all.security;
    if (!webhookSecret) {
      throw new AppError(ErrorCode.ValidationFailed, 'callback_url is not available: this service has no WEBHOOK_SECRET configured', {
        details: [{ field: 'callback_url', message: 'webhooks are not configured' }],
      });
    }
    if (!this.isAllowed(callbackUrl)) {
      throw new AppError(ErrorCode.ValidationFailed, 'callback_url must point to a host on the webhook allowlist (WEBHOOK_ALLOWED_HOSTS)', {
        details: [{ field: 'callback_url', message: 'host not allowed' }],
      });
    }
  }

  isAllowed(callbackUrl: string): boolean {
    let url: URL;
    try {
      url = new URL(callbackUrl);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (url.username || url.password) return false;
    const host = url.hostname.toLowerCase();
    return this.config.all.security.webhookAllowedHosts.some((allowed) => allowed.toLowerCase() === host);
  }

  async register(taskId: string, callbackUrl: string): Promise<void> {
    await RedisService.guard(() => this.redis.client.set(this.urlKey(taskId), callbackUrl, 'EX', REGISTRATION_TTL_SECONDS));
    // The task may have finished before the URL was stored: then its finaliser saw no URL.
    if (TaskStore.isFinal(await this.store.status(taskId))) await this.onFinal(taskId);
  }

  async onFinal(taskId: string): Promise<void> {
    try {
      const url = await this.redis.client.get(this.urlKey(taskId));
      if (!url) return;
      const first = await this.redis.client.set(this.redis.key('webhook', taskId, 'queued'), '1', 'EX', REGISTRATION_TTL_SECONDS, 'NX');
      if (first !== 'OK') return;
      await this.queue.add(AuxJobName.WebhookDelivery, { taskId, url }, {
        jobId: `webhook:${taskId}`,
        attempts: DELIVERY_ATTEMPTS,
        backoff: { type: 'exponential', delay: this.config.all.tasks.backoffMs },
        removeOnComplete: true,
        removeOnFail: { age: 24 * 3600 },
      });
    } catch {
      this.logger.warn({ taskId }, 'Could not queue the task webhook');
    }
  }

  private urlKey(taskId: string): string {
    return this.redis.key('webhook', taskId);
  }
}
