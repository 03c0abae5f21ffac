import { z } from 'zod';
import { envBool, envInt, envList, envUrl, optionalString } from './env-helpers';

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/;

export const redisEnvSchema = z.object({
  REDIS_URL: optionalString().pipe(envUrl(['redis:', 'rediss:']).optional()),
  /** The seed's Celery variable, accepted as an alias so old deployments keep working. */
  CELERY_BROKER_URL: optionalString().pipe(envUrl(['redis:', 'rediss:']).optional()),
  /** Sentinel topology: the Sentinels to ask which server is the primary of REDIS_SENTINEL_NAME. */
  REDIS_SENTINELS: envList(),
  REDIS_SENTINEL_NAME: optionalString(),
  /** Cluster topology: a few nodes to discover the cluster from. */
  REDIS_CLUSTER_NODES: envList(),
  /** Password (and user) of the data nodes with Sentinel or Cluster; a single server takes them in REDIS_URL. */
  REDIS_USERNAME: optionalString(),
  REDIS_PASSWORD: optionalString(),
  /** TLS to the data nodes with Sentinel or Cluster (managed offerings); REDIS_URL uses rediss:// for it. */
  REDIS_TLS: envBool(false),
  /** After the task record of a submit is written, wait until this many replicas have it. */
  REDIS_WAIT_REPLICAS: envInt(0, 0, 16),
  REDIS_WAIT_TIMEOUT_MS: envInt(1000, 1, 60_000),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected 1-64 characters of letters, digits, _ . : -')
    .default('medcor'),
});

type RedisEnv = z.infer<typeof redisEnvSchema>;

export interface RedisNode {
  host: string;
  port: number;
}

/** Which Redis the service uses: one server, a primary found through Sentinels, or a cluster. */
export type RedisTopology =
  | { kind: 'single'; url: string }
  | { kind: 'sentinel'; sentinels: RedisNode[]; name: string }
  | { kind: 'cluster'; nodes: RedisNode[] };

export type RedisConfig = ReturnType<typeof toRedisConfig>;

function parseNode(entry: string): RedisNode | null {
  const m = HOST_PORT.exec(entry);
  if (!m) return null;
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? { host: m[1].replace(/^\[|\]$/g, ''), port } : null;
}

/** Problems with the topology variables: exactly one topology, each complete (checked before start). */
export function redisTopologyIssues(env: RedisEnv, addIssue: (path: string, message: string) => void): void {
  const url = env.REDIS_URL ?? env.CELERY_BROKER_URL;
  const chosen = [url && 'REDIS_URL', env.REDIS_SENTINELS.length && 'REDIS_SENTINELS', env.REDIS_CLUSTER_NODES.length && 'REDIS_CLUSTER_NODES'].filter(
    (v): v is string => Boolean(v),
  );
  if (chosen.length > 1) {
    addIssue(chosen[1], `set exactly one Redis topology: REDIS_URL (one server), REDIS_SENTINELS or REDIS_CLUSTER_NODES, not ${chosen.join(' and ')}`);
  }
  for (const name of ['REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'] as const) {
    const bad = env[name].filter((entry) => !parseNode(entry));
    if (bad.length) addIssue(name, `expected a comma-separated list of host:port, got ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
  }
  if (env.REDIS_SENTINELS.length && !env.REDIS_SENTINEL_NAME) addIssue('REDIS_SENTINEL_NAME', 'required with REDIS_SENTINELS (the primary group name the Sentinels monitor)');
  if (env.REDIS_SENTINEL_NAME && !env.REDIS_SENTINELS.length) addIssue('REDIS_SENTINEL_NAME', 'only meaningful with REDIS_SENTINELS');
}

export function toRedisConfig(env: RedisEnv) {
  const nodes = (list: string[]) => list.map(parseNode).filter((n): n is RedisNode => n !== null);
  const topology: RedisTopology = env.REDIS_CLUSTER_NODES.length
    ? { kind: 'cluster', nodes: nodes(env.REDIS_CLUSTER_NODES) }
    : env.REDIS_SENTINELS.length
      ? { kind: 'sentinel', sentinels: nodes(env.REDIS_SENTINELS), name: env.REDIS_SENTINEL_NAME as string } // required with REDIS_SENTINELS (redisTopologyIssues)
      : { kind: 'single', url: env.REDIS_URL ?? env.CELERY_BROKER_URL ?? 'redis://localhost:6379/0' };
  return {
    topology,
    /** Credentials and TLS of Sentinel-found or cluster nodes (a single server's are in its URL). */
    username: env.REDIS_USERNAME,
    password: env.REDIS_PASSWORD,
    tls: env.REDIS_TLS,
    waitReplicas: env.REDIS_WAIT_REPLICAS,
    waitTimeoutMs: env.REDIS_WAIT_TIMEOUT_MS,
    keyPrefix: env.REDIS_KEY_PREFIX,
  };
}
