import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from './error-response';

/** The one exception filter: every error leaves as `{success: false, error, …, request_id}`. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, body, headers } = toErrorResponse(exception, String(request.id));
    if (status >= 500) {
      // Log the error class and code only: messages from lower layers can echo request data.
      const err = exception as { name?: string; code?: string; cause?: { code?: string; name?: string } };
      this.logger.error({ status, code: body.code, err_name: err?.name, err_code: err?.code, cause: err?.cause?.code ?? err?.cause?.name });
    }
    if (reply.sent) return;
    void reply.status(status).headers(headers).send(body);
  }
}
