import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfigService } from '../core/config';
import { AppError, ErrorCode } from '../core/errors';
import { RedisService } from '../core/redis/redis.service';
import { AuxJobName, AuxQueueName } from '../tasks/queue-names';
import type { TaskCallbackHook, TaskFinalHook } from '../tasks/task-hooks';
import { TaskStore } from '../tasks/task-store.service';
import type { ResolvedAddress, WebhookRules } from './webhook-target';
import { WebhookTargetError, parseCallbackUrl, resolveCallbackHost } from './webhook-target';

/**
 * How long a registration waits for its task to finish at least: the longest an undelayed task's
 * record stays open (7 days), and a day more. A delayed task's registration lives as long as its
 * record (7 days plus the delay, up to 37 days), and the same day more.
 */
const REGISTRATION_TTL_SECONDS = 8 * 24 * 3600;
const REGISTRATION_MARGIN_SECONDS = 24 * 3600;
const DELIVERY_ATTEMPTS = 6;

export interface WebhookJob {
  taskId: string;
  url: string;
}

/**
 * Signed webhooks (`callback_url`): checks the URL at submit (allowlist; in production https,
 * port and a public address: webhook-target.ts), remembers the URL per task, and queues one delivery
 * when the task reaches a final state. Two paths can see that moment (the worker that finalises
 * the task, and the API that registers the URL after the task may already have finished); SET NX
 * makes sure only one of them queues the delivery.
 */
@Injectable()
export class WebhookService implements TaskFinalHook, TaskCallbackHook {
  private readonly logger = new Logger(WebhookService.name);

  constructor(
    private readonly config: AppConfigService,
    private readonly redis: RedisService,
    private readonly store: TaskStore,
    @InjectQueue(AuxQueueName.Webhooks) private readonly queue: Queue<WebhookJob>,
  ) {}

  rules(): WebhookRules {
    const { security, app } = this.config.all;
    return { production: app.nodeEnv === 'production', allowedHosts: security.webhookAllowedHosts, allowedPrivateHosts: security.webhookAllowedPrivateHosts };
  }

  /** 400 unless webhooks are configured and the URL may be called (resolved now too, for a clear answer). */
  async assertAllowed(callbackUrl: string): Promise<void> {
    const { webhookSecret } = this.config.all.security;
    if (!webhookSecret) {
      throw new AppError(ErrorCode.ValidationFailed, 'callback_url is not available: this service has no WEBHOOK_SECRET configured', {
        details: [{ field: 'callback_url', message: 'webhooks are not configured' }],
      });
    }
    try {
      await this.target(callbackUrl);
    } catch (error) {
      if (!(error instanceof WebhookTargetError)) throw error;
      throw new AppError(ErrorCode.ValidationFailed, error.message, { details: [{ field: 'callback_url', message: error.message }] });
    }
  }

  /**
   * The URL and the address to connect to, under the current rules (checked again at delivery:
   * the allowlist may have shrunk, the DNS answer changed). Throws WebhookTargetError.
   */
  async target(callbackUrl: string): Promise<{ url: URL; address: ResolvedAddress }> {
    const rules = this.rules();
    const url = parseCallbackUrl(callbackUrl, rules);
    return { url, address: await resolveCallbackHost(url, rules) };
  }

  async register(taskId: string, callbackUrl: string): Promise<void> {
    // Derived from the record rather than the submit's options, so every submit path agrees.
    const ttl = Math.max(REGISTRATION_TTL_SECONDS, (await this.store.secondsLeft(taskId)) + REGISTRATION_MARGIN_SECONDS);
    await RedisService.guard(() => this.redis.client.set(this.urlKey(taskId), callbackUrl, 'EX', ttl));
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
