import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, Optional } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defer, lastValueFrom, Observable } from 'rxjs';
import type { AuthenticatedUser } from '../core/auth';
import { RoutingRule } from './dispatcher/routing';
import { AppError, ErrorCode } from '../core/errors';
import { assertDepth } from '../core/http/validation.pipe';
import { IdempotencyService } from './idempotency.service';
import { TASK_CALLBACK_HOOK } from './task-hooks';
import type { TaskCallbackHook } from './task-hooks';
import { TaskEventsService } from './task-events.service';
import { TaskStatus } from './task-status';

const MAX_WAIT_SECONDS = 60;

interface Accepted {
  task_id: string;
  status: 'PENDING';
  routing?: { mode: string; rule: string; reason: string };
}

type SubmitRequest = FastifyRequest & { user?: AuthenticatedUser };

/**
 * What every submit endpoint gets without knowing about it, in this order:
 * 1. `Idempotency-Key`: a repeat returns the first 202 answer (or 422 for another body);
 * 2. `callback_url`: refused unless allow-listed (400), registered once the task is queued (by
 *    the TASK_CALLBACK_HOOK the webhooks feature provides);
 * 3. `wait_seconds` / `Prefer: wait=N`: a queued task is followed on its event stream for up to
 *    N seconds; a task that finishes in time is answered 200 in the inline shape, else 202.
 * It acts only on POSTs and only on 202 answers carrying a task_id, so inline answers pass by.
 */
@Injectable()
export class TaskSubmitInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly events: TaskEventsService,
    @Optional() @Inject(TASK_CALLBACK_HOOK) private readonly callbacks?: TaskCallbackHook,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<SubmitRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (request.method !== 'POST' || !request.user || body.stream === true) return next.handle();
    // A plain submit (no key, no callback, no wait: most of them) needs none of the async work below.
    const plain = request.headers['idempotency-key'] === undefined && typeof body.callback_url !== 'string' && waitSeconds(body, request.headers.prefer).seconds === 0;
    if (plain) return next.handle();
    return defer(() => this.submit(request, reply, body, next));
  }

  private async submit(request: SubmitRequest, reply: FastifyReply, body: Record<string, unknown>, next: CallHandler): Promise<unknown> {
    const user = request.user as AuthenticatedUser;
    const callbackUrl = typeof body.callback_url === 'string' ? body.callback_url : undefined;
    if (callbackUrl && !this.callbacks) throw new AppError(ErrorCode.ValidationFailed, 'callback_url is not available: webhooks are not enabled');
    if (callbackUrl) await this.callbacks?.assertAllowed(callbackUrl);
    const wait = waitSeconds(body, request.headers.prefer);

    const key = header(request.headers['idempotency-key']);
    let hash = '';
    let status: number;
    let result: unknown;
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
        return this.maybeWait(reply, user.userId, claim.status, claim.body, wait);
      }
    }
    try {
      result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      status = reply.statusCode;
    } catch (error) {
      if (key !== undefined) await this.idempotency.release(user.userId, key);
      throw error;
    }
    const accepted = status === 202 && isAccepted(result);
    if (key !== undefined) {
      if (accepted) await this.idempotency.complete(user.userId, key, hash, status, result);
      else await this.idempotency.release(user.userId, key);
    }
    if (accepted && callbackUrl) await this.callbacks?.register((result as Accepted).task_id, callbackUrl);
    return this.maybeWait(reply, user.userId, status, result, wait);
  }

  private async maybeWait(reply: FastifyReply, userId: string, status: number, result: unknown, wait: { seconds: number; prefer: boolean }): Promise<unknown> {
    void reply.status(status);
    if (status !== 202 || !isAccepted(result) || wait.seconds <= 0) return result;
    if (wait.prefer) void reply.header('preference-applied', `wait=${wait.seconds}`);
    const gone = new AbortController();
    const onClose = () => gone.abort();
    reply.raw.once('close', onClose);
    let final;
    try {
      final = await this.events.waitForFinal(result.task_id, userId, wait.seconds * 1000, gone.signal);
    } finally {
      reply.raw.off('close', onClose);
    }
    if (!final) return result;
    if (final.status === TaskStatus.Success) {
      void reply.status(200);
      const routing = {
        mode: 'background',
        rule: RoutingRule.WaitThenQueue,
        reason: `${result.routing?.reason ?? 'Queued'}; the task finished within the ${wait.seconds} s the request waited`,
      };
      const answer = final.result && typeof final.result === 'object' ? final.result : { result: final.result };
      return { ...answer, task_id: result.task_id, routing };
    }
    const failure = (final.result ?? {}) as { error?: string; code?: string };
    const code = Object.values(ErrorCode).includes(failure.code as ErrorCode) ? (failure.code as ErrorCode) : ErrorCode.Internal;
    throw new AppError(code, failure.error ?? final.message, { details: { task_id: result.task_id, status: final.status } });
  }
}

function isAccepted(value: unknown): value is Accepted {
  return typeof value === 'object' && value !== null && typeof (value as Accepted).task_id === 'string' && (value as Accepted).status === 'PENDING';
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `wait_seconds` in the body wins over `Prefer: wait=N` (RFC 7240); both are capped at 60 s. */
export function waitSeconds(body: Record<string, unknown>, prefer: string | string[] | undefined): { seconds: number; prefer: boolean } {
  if (typeof body.wait_seconds === 'number' && Number.isFinite(body.wait_seconds)) {
    return { seconds: Math.max(0, Math.min(MAX_WAIT_SECONDS, Math.floor(body.wait_seconds))), prefer: false };
  }
  const match = /(?:^|[,;\s])wait\s*=\s*"?(\d{1,6})"?/i.exec(header(prefer) ?? '');
  if (!match) return { seconds: 0, prefer: false };
  return { seconds: Math.min(MAX_WAIT_SECONDS, Number(match[1])), prefer: true };
}
