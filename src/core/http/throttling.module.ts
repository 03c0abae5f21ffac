import { ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { AppConfigService, type AllConfig } from '../config';
import { createRedisConnection } from '../redis/redis-connection';
import { classifySubmit, SubmitClass } from './submit-class';
import { ThrottlerStorageRedisBySha } from './throttler-storage';
import { UserThrottlerGuard } from './user-throttler.guard';

export const MINUTE_MS = 60_000;

/** The Redis store of the per-user limits; whoever creates one closes it (onModuleDestroy). */
export function createThrottlerStorage(all: AllConfig): ThrottlerStorageRedisBySha {
  const connection = createRedisConnection(all.redis, 'medcor-throttle', {
    keyPrefix: `${all.redis.keyPrefix}:throttle:`,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
  });
  const storage = new ThrottlerStorageRedisBySha(connection);
  storage.redis.on('error', () => undefined); // reconnects by itself; the guard fails open meanwhile
  return storage;
}

/**
 * Owns rate limiting: two per-user limits per minute, RATE_LIMIT_INLINE_PER_MINUTE for submits
 * that can be answered inline and RATE_LIMIT_SUBMIT_PER_MINUTE for background submits (see
 * submit-class.ts for which is which). Status polling, health and other reads are not limited.
 * Must be imported after AuthModule: guards run in registration order and the tracker is the user.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfigService],
      useFactory: ({ all }: AppConfigService) => {
        const classOf = (request: FastifyRequest): SubmitClass | null =>
          classifySubmit(request.method, request.routeOptions?.url ?? request.url, request.body, all.tasks.inlineQueryMaxChars);
        const throttler = (name: SubmitClass, limit: number) => ({
          name,
          ttl: MINUTE_MS,
          limit,
          skipIf: (context: ExecutionContext) =>
            classOf(context.switchToHttp().getRequest<FastifyRequest>()) !== name,
        });
        // Closed by the storage's onModuleDestroy because it opens the connection itself.
        const storage = createThrottlerStorage(all);
        return {
          throttlers: [
            throttler('inline', all.security.rateLimitInlinePerMinute),
            throttler('background', all.security.rateLimitSubmitPerMinute),
          ],
          storage,
        };
      },
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: UserThrottlerGuard }],
})
export class ThrottlingModule {}
