import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type { Redis, RedisOptions } from 'ioredis';

type ThrottleReply = [totalHits: number, timeToExpire: number, isBlocked: number, timeToBlockExpire: number];
type WithThrottleCommand = Redis & { medcorThrottle(...args: (string | number)[]): Promise<ThrottleReply> };

/**
 * @nest-lab's Redis storage (its Lua script, keys and answer), with the script called by its SHA:
 * ioredis' defineCommand sends EVALSHA and loads the script once when Redis answers NOSCRIPT.
 * The library sends the whole script (about 1 kB) with EVAL on every request; writing it was
 * about 9% of the API's CPU on submit routes, measured with --cpu-prof.
 */
export class ThrottlerStorageRedisBySha extends ThrottlerStorageRedisService {
  constructor(url: string, options: RedisOptions) {
    super(url, options);
    (this.redis as Redis).defineCommand('medcorThrottle', { numberOfKeys: 2, lua: this.scriptSrc });
  }

  override async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const hitKey = `{${key}:${throttlerName}}:hits`;
    const blockKey = `{${key}:${throttlerName}}:blocked`;
    const reply = await (this.redis as WithThrottleCommand).medcorThrottle(hitKey, blockKey, throttlerName, ttl, limit, blockDuration);
    if (!Array.isArray(reply) || reply.length !== 4 || reply.some((n) => typeof n !== 'number')) {
      throw new TypeError(`Unexpected rate limit reply: ${JSON.stringify(reply)}`);
    }
    const [totalHits, timeToExpire, isBlocked, timeToBlockExpire] = reply;
    return {
      totalHits,
      timeToExpire: Math.ceil(timeToExpire / 1000),
      isBlocked: isBlocked === 1,
      timeToBlockExpire: Math.ceil(timeToBlockExpire / 1000),
    };
  }
}
