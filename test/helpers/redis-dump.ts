import type { TestApp } from './test-app';

/** Every key and value under the test app's key prefix (Bull's keys included), whatever its type, as one string. */
export async function dumpRedis(t: Pick<TestApp, 'redis' | 'prefix'>): Promise<string> {
  const parts: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await t.redis.scan(cursor, 'MATCH', `${t.prefix}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      parts.push(key);
      const type = await t.redis.type(key);
      if (type === 'string') parts.push(String(await t.redis.get(key)));
      else if (type === 'hash') parts.push(JSON.stringify(await t.redis.hgetall(key)));
      else if (type === 'list') parts.push(JSON.stringify(await t.redis.lrange(key, 0, -1)));
      else if (type === 'set') parts.push(JSON.stringify(await t.redis.smembers(key)));
      else if (type === 'zset') parts.push(JSON.stringify(await t.redis.zrange(key, 0, -1)));
      else if (type === 'stream') parts.push(JSON.stringify(await t.redis.xrange(key, '-', '+')));
    }
  } while (cursor !== '0');
  return parts.join('\n');
}
