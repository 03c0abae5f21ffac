'use strict';
/**
 * The status route's yardstick: a minimal NestJS 11 app on Fastify (plain JS, decorators applied
 * by hand) whose one route does one Redis GET. Same framework, adapter and Redis client as the
 * service, and nothing else: no auth, no helmet, no logging, no validation.
 * Run: REDIS_URL=… BARE_KEY=… PORT=… node bench/bare-redis-app.js (forked by bench/run.js).
 */
require('reflect-metadata');
const { Controller, Get, Inject, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');
const Redis = require('ioredis');

const REDIS = 'REDIS';
const key = process.env.BARE_KEY || 'medcor-bench:bare';

class BareController {
  constructor(redis) {
    this.redis = redis;
  }

  async get() {
    return { value: await this.redis.get(key) };
  }
}
Inject(REDIS)(BareController, undefined, 0);
Reflect.decorate([Get('bare')], BareController.prototype, 'get', Object.getOwnPropertyDescriptor(BareController.prototype, 'get'));
Controller()(BareController);

class BareModule {}
Module({ controllers: [BareController], providers: [{ provide: REDIS, useFactory: () => new Redis(process.env.REDIS_URL) }] })(BareModule);

async function main() {
  const app = await NestFactory.create(BareModule, new FastifyAdapter({ logger: false }), { logger: false });
  await app.listen(Number(process.env.PORT || 0), '127.0.0.1');
  const { port } = app.getHttpServer().address();
  if (process.send) {
    process.send({ ready: { url: `http://127.0.0.1:${port}`, port } });
    process.on('disconnect', () => app.close().finally(() => process.exit(0)));
  } else process.stdout.write(`bare app on http://127.0.0.1:${port}/bare\n`);
  process.on('SIGUSR2', () => process.exit(0));
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
