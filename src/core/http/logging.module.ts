import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { hostname } from 'node:os';
import type { AllConfig } from '../config';

/**
 * Paths pino removes from every log line, by configuration rather than each caller's care:
 * credentials, and anything that can carry patient data.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.token',
  '*.password',
  '*.medical_data',
  '*.medicalData',
  '*.query',
  '*.code',
  '*.result',
  '*.record',
  '*.input',
  'body',
  'req.body',
];

/** JSON logs (nestjs-pino) with the request id on every line. */
@Module({})
export class LoggingModule {
  static forRoot(config: AllConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.app.logLevel,
            redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
            // Fastify assigned the id (from X-Request-Id or a new UUID); reuse it.
            genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? 'unknown',
            // The role goes on the base logger: customProps would build a child logger for every
            // response (measured: ~7% of the API's CPU on the status route).
            base: { pid: process.pid, hostname: hostname(), role: config.app.role },
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            // Health probes are not logged; the paths excluded below skip the middleware entirely.
            autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/api/ai/health') },
            quietReqLogger: true,
          },
          // Status polls are the hottest route (thousands per second): they are counted and timed in
          // /metrics and their errors still logged, but no per-request line is written for them.
          exclude: [
            { method: RequestMethod.GET, path: 'api/ai/task/:taskId/status' },
            { method: RequestMethod.GET, path: 'api/ai/health/{*rest}' },
            { method: RequestMethod.GET, path: 'metrics' },
          ],
        }),
      ],
    };
  }
}
