import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../core/errors';
import { toErrorResponse } from '../core/http/error-response';
import { assertMayUse, bearerToken, TokenVerifier } from '../core/auth';
import { AccessPath } from '../shared/policy';
import { cookieValue, isDashboardRequest, SESSION_COOKIE } from './admin-session';

/**
 * Guards bull-board: its routes are registered as a Fastify plugin, so Nest's guards never run
 * for them. A Fastify onRequest hook (after routing, so percent-encoded or doubled paths are
 * judged by the route they matched) wants a valid JWT with the admin role, from the bearer header
 * or the session cookie: 401 without or with a bad token, 403 without the role.
 */
@Injectable()
export class DashboardAuthHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: TokenVerifier,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Callback style with a synchronous exit: every other request (status polls above all)
    // passes without creating a promise; only dashboard requests are verified.
    fastify.addHook('onRequest', (request, reply, done) => {
      if (!isDashboardRequest(request.routeOptions?.url, request.url)) return done();
      this.check(request, reply).then(
        (answered) => (answered ? undefined : done()), // an answered request must not continue
        (error: Error) => done(error),
      );
    });
  }

  async check(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (!isDashboardRequest(request.routeOptions?.url, request.url)) return undefined;
    const token = bearerToken(request.headers.authorization) ?? cookieValue(request.headers.cookie, SESSION_COOKIE);
    try {
      if (!token) {
        throw new AppError(ErrorCode.Unauthorized, 'Authentication required: send Authorization: Bearer <JWT> or open a session at POST /api/ai/admin/session');
      }
      const user = await this.verifier.verify(token);
      assertMayUse(AccessPath.Admin, user.roles);
    } catch (error) {
      const { status, body, headers } = toErrorResponse(error, String(request.id));
      // Returning the reply from an async hook is how Fastify is told the request is answered.
      return reply.status(status).headers(headers).send(body);
    }
    return undefined;
  }
}
