import type { FastifyInstance } from 'fastify';
import { Store, storage } from 'nestjs-pino/storage';
import type { Logger as PinoRoot } from 'pino';
import { opaqueRequestId } from '../../shared/request-id';

/**
 * Routes that write no request line and get no per-request logger: health probes, metrics
 * scrapes and status polls (thousands per second). They are still counted and timed in
 * /metrics, and their server errors still get a log line (logServerError).
 */
const QUIET_ROUTES = new Set(['/api/ai/task/:taskId/status', '/metrics']);
const isQuiet = (route = ''): boolean => QUIET_ROUTES.has(route) || route.startsWith('/api/ai/health');

/**
 * One "request completed" line per request (id, method, path, status, time), and a logger
 * carrying the request id for everything logged while the request is
 * handled: it is put in nestjs-pino's request store, so Nest's Logger in any service finds it.
 * Bodies, headers and query strings are never logged, and the path is the matched route with only
 * its opaque parameters (task ids) filled in: a path is the client's text too ("/api/ai/task/
 * jane-doe-1950-01-01/status").
 */
export function registerRequestLogging(fastify: FastifyInstance, root: PinoRoot): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (isQuiet(request.routeOptions?.url)) return done();
    storage.run(lazyStore(root, request.id), done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const failed = reply.statusCode >= 500;
    if (!isQuiet(request.routeOptions?.url) && root.isLevelEnabled(failed ? 'error' : 'info')) {
      const line = {
        req: { id: request.id, method: request.method, url: loggedPath(request.routeOptions?.url, request.params) },
        res: { statusCode: reply.statusCode },
        responseTime: Math.round(reply.elapsedTime * 10) / 10,
      };
      if (failed) root.error(line, 'request errored');
      else root.info(line, 'request completed');
    }
    done();
  });
}

/**
 * nestjs-pino's request store, whose child logger (with the request id) is made on first use:
 * most requests log nothing but their completion line, and a pino child with redaction is not
 * free (measured: about 3% of an inline query's CPU).
 */
function lazyStore(root: PinoRoot, reqId: string): Store {
  const store = new Store(root);
  let child: PinoRoot | undefined;
  Object.defineProperty(store, 'logger', {
    get: () => (child ??= root.child({ reqId })),
    set: (logger: PinoRoot) => (child = logger),
  });
  return store;
}

/** The route pattern with each parameter that is opaque (a UUID or hex id) filled in; no route, no path. */
export function loggedPath(route: string | undefined, params: unknown): string {
  if (!route) return '(no route)';
  const values = (params ?? {}) as Record<string, unknown>;
  return route.replace(/:(\w+)/g, (pattern, name: string) => opaqueRequestId(values[name]) ?? pattern);
}
