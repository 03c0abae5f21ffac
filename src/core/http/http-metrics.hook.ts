import type { FastifyInstance } from 'fastify';
import type { MetricsService } from '../metrics/metrics.service';

/** Label for requests that matched no route: raw URLs would give Prometheus unbounded series. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Times every HTTP response by route pattern (`/api/ai/task/:taskId/status`, never the raw URL
 * with its ids) and status. A Fastify hook rather than a Nest interceptor, so 404s, body-parser
 * errors and bull-board's plain Fastify routes are counted too.
 */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? UNMATCHED_ROUTE;
    metrics.httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
