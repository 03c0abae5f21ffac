import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type { Redis } from 'ioredis';
import type { RedisClient } from '../redis/redis-connection';
import { LocalAdmission, type ThrottleCount } from './throttle-admission';

type ThrottleReply = [totalHits: number, timeToExpire: number, isBlocked: number, timeToBlockExpire: number];
type WithThrottleCommand = Redis & { medcorThrottle(...args: (string | number)[]): Promise<ThrottleReply> };

/**
 * @nest-lab's Redis storage (its Lua script, keys and answer), with the script called by its SHA:
 * ioredis' defineCommand sends EVALSHA and loads the script once when Redis answers NOSCRIPT.
 * The library sends the whole script (about 1 kB) with EVAL on every request; writing it was
 * about 9% of the API's CPU on submit routes, measured with --cpu-prof. Far from the limit, a
 * check does not wait for the increment's answer (LocalAdmission says when, and what it costs).
 */
export class ThrottlerStorageRedisBySha extends ThrottlerStorageRedisService {
  private readonly admission = new LocalAdmission();

  /** Takes a connection made for it (any topology: the hit and block keys share a hash tag) and closes it. */
  constructor(connection: RedisClient) {
    super(connection as Redis); // its overloads take a Redis or a Cluster, not the union
    connection.defineCommand('medcorThrottle', { numberOfKeys: 2, lua: this.scriptSrc });
  }

  override onModuleDestroy(): void {
    this.redis.disconnect(false);
  }

  override async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const hitKey = `{${key}:${throttlerName}}:hits`;
    const blockKey = `{${key}:${throttlerName}}:blocked`;
    const count = await this.admission.check(hitKey, limit, async (): Promise<ThrottleCount> => {
      const reply = await (this.redis as WithThrottleCommand).medcorThrottle(hitKey, blockKey, throttlerName, ttl, limit, blockDuration);
      if (!Array.isArray(reply) || reply.length !== 4 || reply.some((n) => typeof n !== 'number')) {
        throw new TypeError(`Unexpected rate limit reply: ${JSON.stringify(reply)}`);
      }
      const [totalHits, timeToExpireMs, isBlocked, timeToBlockExpireMs] = reply;
      return { totalHits, timeToExpireMs, isBlocked: isBlocked === 1, timeToBlockExpireMs };
    });
    return {
      totalHits: count.totalHits,
      timeToExpire: Math.ceil(count.timeToExpireMs / 1000),
      isBlocked: count.isBlocked,
      timeToBlockExpire: Math.ceil(count.timeToBlockExpireMs / 1000),
    };
  }
}
