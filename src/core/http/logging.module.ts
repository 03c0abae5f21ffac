import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { hostname } from 'node:os';
import pino, { Logger as PinoRoot } from 'pino';
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

/** The process's root pino logger (DI token): request-logging.hook.ts writes HTTP lines with it. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** `destination` is stdout unless a test captures the lines. */
export function createRootLogger(config: AllConfig, destination?: pino.DestinationStream): PinoRoot {
  const options = {
    level: config.app.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    base: { pid: process.pid, hostname: hostname(), role: config.app.role },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * JSON logs: nestjs-pino is Nest's logger, writing through our root pino logger. Its HTTP
 * middleware is not used (`forRoutes: []`): on Fastify, any Express-style middleware puts
 * @fastify/middie's matcher and Nest's exclude checks in front of every request (measured: about
 * 6% of the status route's CPU, pino-http's own work aside). Request lines and the per-request
 * logger come from Fastify hooks instead (request-logging.hook.ts), which skip the hot and noisy
 * routes before doing any work.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AllConfig): DynamicModule {
    const root = createRootLogger(config);
    return {
      module: LoggingModule,
      global: true,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger: root }, forRoutes: [] })],
      providers: [{ provide: ROOT_LOGGER, useValue: root }],
      exports: [ROOT_LOGGER],
    };
  }
}
