import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisConfig } from '../config/redis.config';

/** A connection to the configured topology: one server or a Sentinel-found primary (Redis), or a cluster. */
export type RedisClient = Redis | Cluster;

/**
 * The one place Redis connections are made (our client, blocking readers, subscribers, Bull's
 * three per queue, the rate limiter's). `options` are those of a single connection; on a cluster
 * they apply to each node's connection, and the cluster-wide ones are carried over.
 */
export function createRedisConnection(config: RedisConfig, name: string, options: RedisOptions = {}): RedisClient {
  const { topology } = config;
  const auth: RedisOptions = {
    ...(config.username ? { username: config.username } : {}),
    ...(config.password ? { password: config.password } : {}),
    ...(config.tls ? { tls: {} } : {}),
  };
  if (topology.kind === 'single') return new Redis(topology.url, { connectionName: name, ...options, reconnectOnError: readOnlyReconnect });
  if (topology.kind === 'sentinel') {
    return new Redis({
      ...auth,
      connectionName: name,
      ...options,
      sentinels: topology.sentinels,
      name: topology.name,
      role: 'master',
      // No failoverDetector: a demoted primary closes its clients' connections (and answers writes
      // with READONLY, see below), and a reconnect asks the Sentinels again. The detector's own
      // Sentinel connections could outlive a client closed while it was being set up.
      sentinelRetryStrategy: (times) => Math.min(100 * times, 1000),
      reconnectOnError: readOnlyReconnect,
    });
  }
  const { enableOfflineQueue, enableReadyCheck, enableAutoPipelining, keyPrefix, retryStrategy, ...perNode } = options;
  const clusterOptions: ClusterOptions = {
    redisOptions: { ...auth, connectionName: name, ...perNode },
    enableOfflineQueue: enableOfflineQueue ?? true,
    enableReadyCheck: enableReadyCheck ?? true,
    enableAutoPipelining: enableAutoPipelining ?? false,
    keyPrefix,
    scaleReads: 'master',
    clusterRetryStrategy: retryStrategy ?? ((times) => Math.min(100 * times, 2000)),
    // A promoted replica takes over the slots of a dead master: ask again soon, not 16 times.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    slotsRefreshTimeout: 2000,
    // Managed clusters behind TLS announce names their certificates carry; keep them as given.
    ...(config.tls ? { dnsLookup: (address: string, callback: (err: null, address: string) => void) => callback(null, address) } : {}),
  };
  return new Cluster(topology.nodes, clusterOptions);
}

/** A former primary that came back as a replica answers writes with READONLY: reconnect (to the new primary) and resend. */
function readOnlyReconnect(error: Error): 2 | false {
  return error.message.startsWith('READONLY') ? 2 : false;
}

/**
 * The hash tag that keeps keys of one thing (a task, a schedule, a queue) in one cluster slot, so
 * that a Lua script or MULTI over them is allowed. Only a cluster has slots: elsewhere the key
 * keeps its plain form, so existing single-server data and tools see the same names as before.
 */
export function slotTag(config: Pick<RedisConfig, 'topology'>, id: string): string {
  return config.topology.kind === 'cluster' ? `{${id}}` : id;
}

/** The part of a key that picks its cluster slot: the first non-empty `{…}`, else the whole key. */
export function hashedPart(key: string): string {
  const open = key.indexOf('{');
  const close = open >= 0 ? key.indexOf('}', open + 1) : -1;
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/** The cluster slot of a key (CRC16/XMODEM of its hash tag, or of the key, mod 16384), as Redis computes it. */
export function keySlot(key: string): number {
  const hashed = Buffer.from(hashedPart(key));
  let crc = 0;
  for (const byte of hashed) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}

/**
 * WAIT after writes on `connection` (the one that wrote: WAIT counts that client's writes) to
 * `keys`: on a cluster once per node connection serving one of them. The fewest replicas that
 * acknowledged on any of those nodes.
 */
export async function waitForReplicas(connection: RedisClient, keys: string[], replicas: number, timeoutMs: number): Promise<number> {
  if (!(connection instanceof Cluster)) return connection.wait(replicas, timeoutMs);
  const slots = (connection as unknown as { slots: string[][] }).slots;
  const owners = new Set(keys.map((key) => slots[keySlot(key)]?.[0]));
  const masters = connection.nodes('master');
  const acks = await Promise.all(
    [...owners].map((owner) => masters.find((n) => `${n.options.host}:${n.options.port}` === owner)?.wait(replicas, timeoutMs) ?? 0),
  );
  return Math.min(...acks);
}
