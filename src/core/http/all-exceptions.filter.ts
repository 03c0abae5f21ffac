import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { redactedStack } from '../errors';
import { toErrorResponse } from './error-response';
import { ReadyAnswer } from './ready-answer';

/**
 * The one exception filter: every error leaves as `{success: false, error, …, request_id}`; a
 * ReadyAnswer (not an error) leaves as the answer it carries.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (exception instanceof ReadyAnswer) {
      if (!reply.sent) void reply.status(exception.status).send(exception.body);
      return;
    }
    const { status, body, headers } = toErrorResponse(exception, String(request.id));
    if (status >= 500) logServerError(this.logger, status, body.code, exception);
    if (reply.sent) return;
    void reply.status(status).headers(headers).send(body);
  }
}

/**
 * The log line of a 5xx answer, for the filter and for plain Fastify routes that answer errors
 * themselves: the error class, code and stack frames (of its causes too), never a message, since
 * messages from lower layers can echo request data.
 */
export function logServerError(logger: Logger, status: number, code: string, exception: unknown): void {
  const err = exception as { name?: string; code?: string; cause?: { code?: string; name?: string } } | undefined;
  logger.error({ status, code, err_name: err?.name, err_code: err?.code, cause: err?.cause?.code ?? err?.cause?.name, stack: redactedStack(exception) });
}
