import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedUser } from '../core/auth';
import { AppError, ErrorCode } from '../core/errors';
import { ReadyAnswer } from '../core/http/ready-answer';
import { assertDepth } from '../core/http/validation.pipe';
import { IdempotencyService } from './idempotency.service';
import { TASK_CALLBACK_HOOK } from './task-hooks';
import type { TaskCallbackHook } from './task-hooks';
import { header, SubmitRequest, TaskSubmitFinisher, waitSeconds } from './task-submit.finisher';

/**
 * The first half of what every submit endpoint gets (TaskSubmitFinisher has the second): the
 * checks that come before validation, in this order: `callback_url` refused unless allow-listed
 * (400); `Idempotency-Key` checked and claimed, a repeat answered with the first 202 (or 422 for
 * another body) without validating or running anything. A route guard, after the global ones (the
 * caller is known) and before the pipes; a plain submit (no key, no callback, no wait: most of
 * them) passes without a promise. A guard rather than an interceptor because Nest builds an
 * interceptor's observable pipeline for every request, plain or not (about 0.1 ms of the API's
 * CPU per submit).
 */
@Injectable()
export class TaskSubmitGuard implements CanActivate {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly finisher: TaskSubmitFinisher,
    @Optional() @Inject(TASK_CALLBACK_HOOK) private readonly callbacks?: TaskCallbackHook,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<SubmitRequest>();
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (request.method !== 'POST' || !request.user || body.stream === true) return true;
    const plain = request.headers['idempotency-key'] === undefined && typeof body.callback_url !== 'string' && waitSeconds(body, request.headers.prefer).seconds === 0;
    if (plain) return true;
    return this.begin(request, context.switchToHttp().getResponse<FastifyReply>(), body);
  }

  private async begin(request: SubmitRequest, reply: FastifyReply, body: Record<string, unknown>): Promise<true> {
    const user = request.user as AuthenticatedUser;
    const callbackUrl = typeof body.callback_url === 'string' ? body.callback_url : undefined;
    if (callbackUrl && !this.callbacks) throw new AppError(ErrorCode.ValidationFailed, 'callback_url is not available: webhooks are not enabled');
    if (callbackUrl) await this.callbacks?.assertAllowed(callbackUrl);
    const wait = waitSeconds(body, request.headers.prefer);

    const key = header(request.headers['idempotency-key']);
    let hash = '';
    if (key !== undefined) {
      if (!IdempotencyService.validKey(key)) {
        throw new AppError(ErrorCode.ValidationFailed, 'Idempotency-Key must be 1-255 visible ASCII characters');
      }
      // The fingerprint walks the body recursively, before the validation pipe's depth check.
      assertDepth(body, 'body');
      hash = this.idempotency.fingerprint(request.method, request.routeOptions?.url ?? request.url, body);
      const claim = await this.idempotency.claim(user.userId, key, hash);
      if (claim.kind === 'replay') {
        void reply.header('idempotent-replayed', 'true');
        const answer = await this.finisher.maybeWait(reply, user.userId, claim.status, claim.body, wait);
        throw new ReadyAnswer(reply.statusCode, answer);
      }
    }
    // From here the finisher owns the claim: whatever answer leaves (validation's 400 included)
    // completes or releases it.
    this.finisher.expect(request, { userId: user.userId, key, hash, callbackUrl, wait });
    return true;
  }
}
