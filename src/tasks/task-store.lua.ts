/**
 * Lua scripts that keep a task record and its event stream consistent in one round trip.
 * The record is a hash whose `result` field is an opaque JSON (or sealed) string, so Lua never
 * re-encodes user data. The first final state wins: a job that Bull runs twice, or a cancel
 * racing a completion, can never replace a result that a client may already have seen.
 *
 * On a cluster each script touches the keys of one task only (its hash and its stream, one hash
 * slot); the global keys (the open index, the tombstone buckets) are written by separate commands
 * beside them. On one server (or Sentinel's master) the scripts also take those global keys, so a
 * task's creation and its final state are each one script call (fewer commands and round trips).
 */

/** Hash values up to this size keep a small hash in Redis' compact listpack encoding. */
export const CHUNK_BYTES = 64;
/** A value needing more chunks than this is stored whole (the hash is then a plain hash table). */
export const MAX_CHUNKS = 16;

/**
 * KEYS: task, events[, open index] · ARGV: ttl, eventJson, score, member, field, value, …
 * → 1 created, 0 already exists. With the open index, the task (member) is added to it (score:
 * when it falls due, ms) whatever the outcome, as the separate ZADD beside it does on a cluster.
 */
export const CREATE_TASK = `
if #KEYS == 3 then redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4]) end
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1]))
redis.call('XADD', KEYS[2], 'MAXLEN', '~', '1000', '*', 'e', ARGV[2])
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[1]))
return 1
`;

/** A finished task's tombstone entry: its bucket lives as long as its longest-lived entry needs. */
const REMEMBER_FUNCTION = `
local function remember(key, field, owner, keep)
  redis.call('HSET', key, field, owner)
  if redis.call('TTL', key) < keep then redis.call('EXPIRE', key, keep) end
end`;

/**
 * KEYS: task, events[, open index, tombstone bucket] · ARGV: finalTtl (0 = not final), eventJson,
 * graceSeconds, member, tombstoneField, tombstoneTtl, knownOwner, field, value, …
 * → {'ok', eventId, owner?} | {'final', status} | {'missing'}
 *
 * With the two global keys (a final state on one server): whatever the outcome the task leaves the
 * open index; the tombstone (REMEMBER_TASK's write) is written for a final record, with the known
 * owner when there is one (else the record's, for a record made final here), none for a missing
 * record. On a cluster the caller does the same with separate commands.
 *
 * At the final state the record is rewritten lean: the fields only an open task needs (priority,
 * job id, routing) go, the event history moves into the hash as `events` (one `<id> <json>` line
 * per earlier event, then the final event's id alone: that event is the record's own status,
 * message and result), long values are cut into chunks of CHUNK_BYTES (`name`, `name.1`, …) so
 * the hash stays a listpack (ASCII only: a reader joins chunks as text), and the stream itself expires after a short grace: live followers
 * have their final entry by then, and later replays are served from the hash (about 4.7 kB of
 * stream per task saved for the whole retention).
 */
export const UPDATE_TASK = `${REMEMBER_FUNCTION}
local indexed = #KEYS == 4
local function rememberOwner(owner) remember(KEYS[4], ARGV[5], owner, tonumber(ARGV[6])) end
if indexed then redis.call('ZREM', KEYS[3], ARGV[4]) end
local st = redis.call('HGET', KEYS[1], 'status')
if not st then return {'missing'} end
if st == 'SUCCESS' or st == 'FAILURE' or st == 'CANCELLED' then
  if indexed and ARGV[7] ~= '' then rememberOwner(ARGV[7]) end
  return {'final', st}
end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', '1000', '*', 'e', ARGV[2])
local ttl = tonumber(ARGV[1])
if ttl == 0 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 8))
  local keep = redis.call('TTL', KEYS[1])
  if keep > 0 then redis.call('EXPIRE', KEYS[2], keep) end
  return {'ok', id}
end
local rec = {}
local h = redis.call('HGETALL', KEYS[1])
for i = 1, #h, 2 do rec[h[i]] = h[i + 1] end
for i = 8, #ARGV, 2 do rec[ARGV[i]] = ARGV[i + 1] end
rec['priority'] = nil
rec['job_id'] = nil
rec['routing'] = nil
local entries = redis.call('XRANGE', KEYS[2], '-', '+')
local lines = {}
for i = 1, #entries - 1 do lines[#lines + 1] = entries[i][1] .. ' ' .. entries[i][2][2] end
lines[#lines + 1] = id
local history = table.concat(lines, '\\n')
local n = math.ceil(#history / ${CHUNK_BYTES})
if n <= 1 or n > ${MAX_CHUNKS} or string.find(history, '[\\128-\\255]') then
  rec['events'] = history
else
  rec['events'] = string.sub(history, 1, ${CHUNK_BYTES})
  for c = 1, n - 1 do rec['events.' .. c] = string.sub(history, c * ${CHUNK_BYTES} + 1, (c + 1) * ${CHUNK_BYTES}) end
end
local flat = {}
for k, v in pairs(rec) do
  flat[#flat + 1] = k
  flat[#flat + 1] = v
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(flat))
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[3]))
if indexed then rememberOwner(ARGV[7] ~= '' and ARGV[7] or rec['owner'] or '') end
return {'ok', id, rec['owner'] or ''}
`;

/**
 * KEYS: tombstone bucket (one global key) · ARGV: field, owner, ttl → 1.
 * Remembers that a finished task existed (and whose it was) in its creation hour's bucket, which
 * lives as long as its longest-lived entry needs.
 */
export const REMEMBER_TASK = `${REMEMBER_FUNCTION}
remember(KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3]))
return 1
`;
