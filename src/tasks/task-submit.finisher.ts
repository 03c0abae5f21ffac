import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from '../core/auth';
import { RoutingRule } from './dispatcher/routing';
import { AppError, ErrorCode } from '../core/errors';
import { logServerError } from '../core/http/all-exceptions.filter';
import { toErrorResponse } from '../core/http/error-response';
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

/** What TaskSubmitGuard leaves for the answer of a submit that is not plain. */
export interface SubmitState {
  userId: string;
  /** The claimed Idempotency-Key, if any. */
  key?: string;
  hash: string;
  callbackUrl?: string;
  wait: { seconds: number; prefer: boolean };
}

const SUBMIT = Symbol('medcor.submit');

export type SubmitRequest = FastifyRequest & { user?: AuthenticatedUser; [SUBMIT]?: SubmitState };

/**
 * The second half of what every submit endpoint gets without knowing about it (TaskSubmitGuard
 * has the first), on the answer of a submit that is not plain, before it is serialised:
 * 1. `Idempotency-Key`: a 202 with a task_id completes the claim (a repeat gets this answer),
 *    any other answer (validation's 400, the handler's error, an inline answer) releases it;
 * 2. `callback_url`: registered once the task is queued (by the TASK_CALLBACK_HOOK the webhooks
 *    feature provides);
 * 3. `wait_seconds` / `Prefer: wait=N`: a queued task is followed on its event stream for up to
 *    N seconds; a task that finishes in time is answered 200 in the inline shape, else 202.
 * A Fastify preSerialization hook sees every answer, the exception filter's included, with the
 * status it leaves with; an answer that is not an object (never one of ours) releases the claim
 * once sent.
 */
@Injectable()
export class TaskSubmitFinisher implements OnModuleInit {
  private readonly logger = new Logger('HttpError');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly idempotency: IdempotencyService,
    private readonly events: TaskEventsService,
    @Optional() @Inject(TASK_CALLBACK_HOOK) private readonly callbacks?: TaskCallbackHook,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    // Callback style with a synchronous exit: every other answer passes without a promise.
    fastify.addHook('preSerialization', (request: SubmitRequest, reply, payload, done) => {
      const state = request[SUBMIT];
      if (!state) return done(null, payload);
      request[SUBMIT] = undefined;
      this.finish(request, reply, state, payload).then(
        (answer) => done(null, answer),
        (error: Error) => done(error),
      );
    });
    fastify.addHook('onResponse', (request: SubmitRequest, _reply, done) => {
      const state = request[SUBMIT];
      if (state?.key !== undefined) void this.idempotency.release(state.userId, state.key).catch(() => undefined);
      done();
    });
  }

  /** Called by the guard once the request may go on to validation and the handler. */
  expect(request: SubmitRequest, state: SubmitState): void {
    request[SUBMIT] = state;
  }

  private async finish(request: SubmitRequest, reply: FastifyReply, state: SubmitState, payload: unknown): Promise<unknown> {
    try {
      const status = reply.statusCode;
      const accepted = status === 202 && isAccepted(payload);
      if (state.key !== undefined) {
        if (accepted) await this.idempotency.complete(state.userId, state.key, state.hash, status, payload);
        else await this.idempotency.release(state.userId, state.key);
      }
      if (accepted && state.callbackUrl) await this.callbacks?.register((payload as Accepted).task_id, state.callbackUrl);
      return await this.maybeWait(reply, state.userId, status, payload, state.wait);
    } catch (error) {
      // The answer the exception filter would have given, had this still been in Nest's pipeline.
      const { status, body, headers } = toErrorResponse(error, String(request.id));
      if (status >= 500) logServerError(this.logger, status, body.code, error);
      void reply.status(status).headers(headers);
      return body;
    }
  }

  async maybeWait(reply: FastifyReply, userId: string, status: number, result: unknown, wait: { seconds: number; prefer: boolean }): Promise<unknown> {
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

export function header(value: string | string[] | undefined): string | undefined {
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
