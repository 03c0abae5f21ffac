import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AuthenticatedUser, BearerAuthenticator } from '../core/auth';
import { AppError, ErrorCode } from '../core/errors';
import { logServerError } from '../core/http/all-exceptions.filter';
import { errorResponsesDoc } from '../core/http/api-error.decorator';
import { toErrorResponse } from '../core/http/error-response';
import { TaskStatusResponseDto } from './dto/task-status-response.dto';
import { isTaskId, TaskStore } from './task-store.service';

const TASK_STATUS_PATH = '/api/ai/task/:taskId/status';

type StatusRequest = FastifyRequest<{ Params: { taskId: string } }>;

/**
 * GET /api/ai/task/{taskId}/status/: clients poll it, so it is the hottest route by far. It is a
 * plain Fastify route rather than a Nest controller method: Nest's router (three global guards,
 * the validation pipe, parameter factories, the observable pipeline) cost about a sixth of its
 * CPU per request, measured with --cpu-prof. What the route needs from that pipeline it does
 * itself with the same parts: BearerAuthenticator (the JwtAuthGuard's rules and its verified-token
 * cache, so a cache hit costs no promise), the one error shape (toErrorResponse), and the
 * app-wide Fastify hooks (request id, security headers, metrics) still apply. Polls are not rate
 * limited (as before) and read nothing but the task's Redis hash (and, for a 404, its tombstone).
 */
@Injectable()
export class TaskStatusRoute implements OnModuleInit {
  private readonly logger = new Logger('HttpError');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: BearerAuthenticator,
    private readonly store: TaskStore,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.get(TASK_STATUS_PATH, (request: StatusRequest, reply) => this.handle(request, reply));
  }

  private async handle(request: StatusRequest, reply: FastifyReply): Promise<FastifyReply> {
    try {
      const authorization = request.headers.authorization;
      const user = this.auth.known(authorization) ?? (await this.auth.authenticate(authorization));
      return reply.type('application/json; charset=utf-8').send(await this.statusJson(request.params.taskId, user));
    } catch (error) {
      const { status, body, headers } = toErrorResponse(error, String(request.id));
      if (status >= 500) logServerError(this.logger, status, body.code, error);
      return reply.status(status).headers(headers).send(body);
    }
  }

  /**
   * The task as its owner sees it (TaskStatusResponseDto), as JSON text: the stored result is
   * spliced in as stored rather than parsed and serialised again. Another user's task is
   * indistinguishable from a missing one.
   */
  async statusJson(taskId: string, user: AuthenticatedUser): Promise<string> {
    const valid = isTaskId(taskId);
    const task = valid ? await this.store.statusFields(taskId) : null;
    if (!task || task.owner !== user.userId) {
      if (valid && (await this.store.expiredOwner(taskId)) === user.userId) {
        throw new AppError(ErrorCode.NotFound, `Task ${taskId} has expired: its result was kept for its retention time and then deleted`);
      }
      throw new AppError(ErrorCode.NotFound, `Task ${taskId} not found (unknown id, or its result has expired)`);
    }
    const str = JSON.stringify;
    return (
      `{"task_id":${str(taskId)},"task_type":${str(task.kind)},"status":${str(task.status)},"message":${str(task.message)},` +
      `"progress":${task.progress},"result":${task.resultJson},"attempts":${task.attempts},` +
      `"created_at":${str(task.createdAt)},"updated_at":${str(task.updatedAt)}}`
    );
  }
}

/** The route in the OpenAPI document, which Nest's scanner cannot see (it is not a controller method). */
export function documentTaskStatusRoute(document: OpenAPIObject): void {
  document.paths['/api/ai/task/{taskId}/status'] = {
    get: {
      operationId: 'TaskStatusRoute_status',
      summary: 'Status, progress and result of a background task',
      tags: ['tasks'],
      security: [{ bearer: [] }],
      parameters: [{ name: 'taskId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: {
        '200': {
          description: 'The task',
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${TaskStatusResponseDto.name}` } } },
        },
        ...errorResponsesDoc(401, 404, 503),
      },
    },
  };
}
