import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { RedisOptions } from 'ioredis';
import { AppConfigService } from '../config';
import type { RedisConfig } from '../config/redis.config';
import { AppError, ErrorCode } from '../errors';
import { createRedisConnection, slotTag, waitForReplicas, type RedisClient } from './redis-connection';
import { withTimeout } from '../../shared/async';

/** Connections for writes acknowledged with WAIT (a WAIT blocks its connection until replicas answer). */
const DURABLE_CONNECTIONS = 4;

type CommandDefinition = { numberOfKeys: number; lua: string };

/**
 * Owns the service's own Redis connection (Bull keeps its own) to whichever topology is configured
 * (one server, Sentinel, Cluster: redis-connection.ts). Commands fail fast while Redis is down (no
 * offline queue), so the API answers 503 instead of hanging; ioredis reconnects by itself.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly client: RedisClient;
  readonly prefix: string;
  readonly config: RedisConfig;
  private readonly extra: RedisClient[] = [];
  private readonly durable: RedisClient[] = [];
  private nextDurable = 0;
  /** Resolved when the connection is ready again; shared by every whenReady() of one outage. */
  private reconnected?: Promise<void>;

  constructor(config: AppConfigService) {
    this.config = config.all.redis;
    this.prefix = this.config.keyPrefix;
    this.client = createRedisConnection(this.config, 'medcor-api', RedisService.options('medcor-api'));
    this.client.on('error', () => undefined); // reconnects by itself; health reports the state
    // Opened with the app, as the client is: commands fail fast on a connection not yet ready.
    if (this.config.waitReplicas) {
      for (let i = 0; i < DURABLE_CONNECTIONS; i++) this.durable.push(this.duplicate('medcor-durable', RedisService.options('medcor-durable')));
    }
  }

  /** True on a Redis Cluster: multi-key commands must then stay within one slot. */
  get clustered(): boolean {
    return this.config.topology.kind === 'cluster';
  }

  static options(name: string): RedisOptions {
    return {
      connectionName: name,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      // Commands issued in the same tick share one socket write: under load the per-command write
      // syscall was the largest single cost of the status route.
      enableAutoPipelining: true,
      retryStrategy: (times) => Math.min(200 * times, 2000),
    };
  }

  /** `prefix:part:part…` — every key the service writes goes through here. */
  key(...parts: string[]): string {
    return `${this.prefix}:${parts.join(':')}`;
  }

  /** `id` as the hash tag of its keys on a cluster (`{id}`), unchanged elsewhere: see slotTag. */
  tag(id: string): string {
    return slotTag(this.config, id);
  }

  /** A dedicated connection for blocking reads (XREAD BLOCK) or pub/sub; closed at shutdown. */
  duplicate(name: string, options: RedisOptions = {}): RedisClient {
    const conn = createRedisConnection(this.config, name, { ...RedisService.options(name), ...options });
    conn.on('error', () => undefined);
    this.extra.push(conn);
    conn.once('end', () => {
      const i = this.extra.indexOf(conn);
      if (i >= 0) this.extra.splice(i, 1);
    });
    return conn;
  }

  /** Defines a Lua command (EVALSHA) on every connection that may run it. */
  defineCommand(name: string, definition: CommandDefinition): void {
    for (const conn of [this.client, ...this.durable]) conn.defineCommand(name, definition);
  }

  /**
   * Writes to `keys` that a failover must not lose (REDIS_WAIT_REPLICAS): run on a connection of
   * their own, then WAIT until that many replicas have them. Fewer acknowledgements within
   * REDIS_WAIT_TIMEOUT_MS is a 503 (after `undo`), as the write could still vanish with its master.
   * Without REDIS_WAIT_REPLICAS it is a plain write on the shared client.
   */
  async writeDurably<T>(keys: string[], write: (conn: RedisClient) => Promise<T>, undo?: () => Promise<unknown>): Promise<T> {
    const { waitReplicas, waitTimeoutMs } = this.config;
    if (!waitReplicas) return write(this.client);
    const conn = this.durable[this.nextDurable++ % this.durable.length];
    const result = await write(conn);
    const acked = await RedisService.guard(() => waitForReplicas(conn, keys, waitReplicas, waitTimeoutMs));
    if (acked < waitReplicas) {
      await undo?.().catch(() => undefined);
      throw new AppError(ErrorCode.QueueUnavailable, 'The task store (Redis) could not copy the task to a replica in time; retry shortly', {
        transient: true,
        retryAfterSeconds: 2,
        details: { replicas_acknowledged: acked, replicas_required: waitReplicas },
      });
    }
    return result;
  }

  isReady(): boolean {
    return this.client.status === 'ready';
  }

  /**
   * True once the service's own connection is ready (at once when it is), false when `timeoutMs`
   * passes first. After an outage this connection is ready only after its ready check: one that
   * reconnects while Redis is still loading its data waits (ioredis: the load's ETA, 1 to 10 s),
   * whereas Bull's connections, which have no ready check, are used as soon as they connect.
   */
  whenReady(timeoutMs: number): Promise<boolean> {
    if (this.isReady()) return Promise.resolve(true);
    // One listener for every waiter of an outage (each job of every queue waits here at once during
    // one: a listener each went past the emitter's limit of ten).
    this.reconnected ??= new Promise<void>((resolve) =>
      this.client.once('ready', () => {
        this.reconnected = undefined;
        resolve();
      }),
    );
    return withTimeout(this.reconnected, Math.max(0, timeoutMs)).then(
      () => true,
      () => false,
    );
  }

  /** Runs a Redis call and turns connection failures into a 503 the client can act on. */
  static async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError(ErrorCode.QueueUnavailable, 'The task store (Redis) is unavailable; retry shortly', {
        transient: true,
        retryAfterSeconds: 2,
        cause: error,
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.client, ...this.extra].map((c) => c.quit()));
  }
}
