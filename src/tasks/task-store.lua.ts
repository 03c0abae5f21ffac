/**
 * Lua scripts that keep a task record and its event stream consistent in one round trip.
 * The record is a hash whose `result` field is an opaque JSON (or sealed) string, so Lua never
 * re-encodes user data. The first final state wins: a job that Bull runs twice, or a cancel
 * racing a completion, can never replace a result that a client may already have seen.
 */

/**
 * KEYS: task, events, open index · ARGV: ttl, eventJson, createdMs, taskId, field, value, …
 * → 1 created, 0 already exists. The open index (a sorted set by creation time) lists the tasks
 * not yet final, for the sweeper that ends those whose job is gone.
 */
export const CREATE_TASK = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('ZADD', KEYS[3], tonumber(ARGV[3]), ARGV[4])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1]))
redis.call('XADD', KEYS[2], 'MAXLEN', '~', '1000', '*', 'e', ARGV[2])
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[1]))
return 1
`;

/**
 * KEYS: task, events, tombstone, open index · ARGV: ttl (0 = keep), final ('1'|'0'),
 * tombstoneTtl, eventJson, taskId, field, value, … → {'ok', eventId} | {'final', status} | {'missing'}
 */
export const UPDATE_TASK = `
local st = redis.call('HGET', KEYS[1], 'status')
if not st then
  redis.call('ZREM', KEYS[4], ARGV[5])
  return {'missing'}
end
if st == 'SUCCESS' or st == 'FAILURE' or st == 'CANCELLED' then return {'final', st} end
redis.call('HSET', KEYS[1], unpack(ARGV, 6))
local ttl = tonumber(ARGV[1])
if ttl > 0 then redis.call('EXPIRE', KEYS[1], ttl) end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', '1000', '*', 'e', ARGV[4])
local keep = redis.call('TTL', KEYS[1])
if keep > 0 then redis.call('EXPIRE', KEYS[2], keep) end
if ARGV[2] == '1' then
  redis.call('ZREM', KEYS[4], ARGV[5])
  redis.call('SET', KEYS[3], redis.call('HGET', KEYS[1], 'owner'), 'EX', tonumber(ARGV[3]))
end
return {'ok', id}
`;
