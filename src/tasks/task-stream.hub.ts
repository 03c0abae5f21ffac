import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { hashedPart, type RedisClient } from '../core/redis/redis-connection';
import { RedisService } from '../core/redis/redis.service';

/** One stream entry as XREAD returns it: `[id, [field, value, …]]`. */
export type StreamEntry = [id: string, fields: string[]];

/** How long one XREAD blocks before the hub looks at its followers again (expired streams). */
const BLOCK_MS = 1000;

interface Subscription {
  key: string;
  /** The last id this follower has been given; the hub reads after the smallest of a stream's. */
  last: string;
  deliver(entries: StreamEntry[]): void;
  /** The stream is gone (its task expired) or Redis failed: the follower ends. */
  close(error?: Error): void;
}

/**
 * Every live follower of every task stream in this process shares one blocking connection: one
 * XREAD BLOCK over all followed streams, each from the oldest id one of its followers has seen;
 * new entries are handed to each follower past its own last id. A follower joining while the
 * read blocks wakes it with CLIENT UNBLOCK, so its stream is read from then on. (Before, every
 * SSE stream and every `wait_seconds` submit opened a Redis connection of its own.)
 *
 * On a Redis Cluster one XREAD may only name keys of one slot, so streams are read in groups of
 * one hash tag (one task), each group over its own blocking connection while it has followers;
 * there a second follower of an already-read stream gets its backlog when the current read ends
 * (within BLOCK_MS), as CLIENT UNBLOCK would need the connection's id on that node.
 */
@Injectable()
export class TaskStreamHub implements OnApplicationShutdown {
  private readonly groups = new Map<string, StreamGroup>();
  private stopped = false;

  constructor(private readonly redis: RedisService) {}

  /** How many followers are live in this process. */
  get size(): number {
    let n = 0;
    for (const group of this.groups.values()) n += group.size;
    return n;
  }

  /** Entries of stream `key` after `after`, in batches as they arrive, until `signal` aborts or the stream expires. */
  async *follow(key: string, after: string, signal: AbortSignal): AsyncGenerator<StreamEntry[]> {
    const batches: StreamEntry[][] = [];
    let closed = false;
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    const sub: Subscription = {
      key,
      last: after,
      deliver: (entries) => {
        batches.push(entries);
        wake?.();
      },
      close: (error) => {
        closed = true;
        failure = error;
        wake?.();
      },
    };
    const onAbort = () => wake?.();
    signal.addEventListener('abort', onAbort, { once: true });
    const group = this.groupOf(key);
    group.add(sub);
    try {
      while (!signal.aborted) {
        const batch = batches.shift();
        if (batch) {
          yield batch;
          continue;
        }
        if (closed) {
          if (failure) throw failure;
          return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      group.remove(sub);
      // On a cluster a group is one task's stream: its connection goes when its last follower does.
      if (this.redis.clustered && group.size === 0 && this.groups.get(group.id) === group) {
        this.groups.delete(group.id);
        group.stop();
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const group of this.groups.values()) group.stop();
    this.groups.clear();
  }

  private groupOf(key: string): StreamGroup {
    const id = this.redis.clustered ? hashedPart(key) : '';
    let group = this.groups.get(id);
    if (!group || this.stopped) this.groups.set(id, (group = new StreamGroup(id, this.redis)));
    return group;
  }
}

/** Streams read together by one blocking XREAD over one connection (all of them; one slot on a cluster). */
class StreamGroup {
  private readonly subscriptions = new Map<string, Set<Subscription>>();
  private connection?: RedisClient;
  private connectionId?: number;
  private reading = false;
  private stopped = false;

  constructor(
    readonly id: string,
    private readonly redis: RedisService,
  ) {}

  get size(): number {
    let n = 0;
    for (const set of this.subscriptions.values()) n += set.size;
    return n;
  }

  stop(): void {
    this.stopped = true;
    for (const set of this.subscriptions.values()) for (const sub of set) sub.close();
    this.subscriptions.clear();
    this.connection?.disconnect();
  }

  add(sub: Subscription): void {
    let set = this.subscriptions.get(sub.key);
    if (!set) this.subscriptions.set(sub.key, (set = new Set()));
    set.add(sub);
    if (this.reading) this.unblock();
    else void this.read();
  }

  remove(sub: Subscription): void {
    const set = this.subscriptions.get(sub.key);
    if (!set) return;
    set.delete(sub);
    if (set.size === 0) this.subscriptions.delete(sub.key);
  }

  /** The read loop: runs while anyone follows anything. */
  private async read(): Promise<void> {
    this.reading = true;
    try {
      while (this.subscriptions.size > 0 && !this.stopped) {
        const keys = [...this.subscriptions.keys()];
        const ids = keys.map((key) => oldest([...(this.subscriptions.get(key) ?? [])].map((s) => s.last)));
        let reply: [key: string, entries: StreamEntry[]][] | null;
        const started = Date.now();
        try {
          const conn = this.connect();
          reply = (await conn.xread('BLOCK', BLOCK_MS, 'STREAMS', ...keys, ...ids)) as [string, StreamEntry[]][] | null;
        } catch (error) {
          // Redis is unreachable: every follower ends with the error (the SSE client reconnects
          // with Last-Event-ID; a wait gives up and answers 202).
          if (!this.stopped) this.failAll(error as Error);
          return;
        }
        if (reply) this.dispatch(reply);
        // A read that timed out (not one a joining follower cut short) is the time to look for
        // streams that expired meanwhile.
        else if (Date.now() - started >= BLOCK_MS) await this.endExpired(keys);
      }
    } finally {
      this.reading = false;
    }
  }

  private dispatch(reply: [string, StreamEntry[]][]): void {
    for (const [key, entries] of reply) {
      for (const sub of this.subscriptions.get(key) ?? []) {
        const fresh = entries.filter(([id]) => compareIds(id, sub.last) > 0);
        if (fresh.length === 0) continue;
        sub.last = fresh[fresh.length - 1][0];
        sub.deliver(fresh);
      }
    }
  }

  /** A stream that no longer exists (its task's TTL ended) will never grow again. */
  private async endExpired(keys: string[]): Promise<void> {
    const exists = await Promise.all(keys.map((key) => this.redis.client.exists(key).catch(() => 1)));
    keys.forEach((key, i) => {
      if (exists[i] !== 0) return;
      for (const sub of this.subscriptions.get(key) ?? []) sub.close();
      this.subscriptions.delete(key);
    });
  }

  private failAll(error: Error): void {
    for (const set of this.subscriptions.values()) for (const sub of set) sub.close(error);
    this.subscriptions.clear();
  }

  private connect(): RedisClient {
    if (!this.connection) {
      // Named after the key prefix, so an operator's CLIENT LIST shows whose connection it is.
      const conn = this.redis.duplicate(this.redis.key('task-events'), { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
      if (!this.redis.clustered) {
        conn.on('ready', () => {
          conn.client('ID').then(
            (id) => (this.connectionId = Number(id)),
            () => (this.connectionId = undefined),
          );
        });
      }
      this.connection = conn;
    }
    return this.connection;
  }

  /** Ends the current blocking read early so that a new follower's stream is read at once. */
  private unblock(): void {
    if (this.connectionId === undefined) return;
    this.redis.client.client('UNBLOCK', this.connectionId).catch(() => undefined);
  }
}

/** Stream ids are `<ms>-<seq>`; compares them numerically. */
export function compareIds(a: string, b: string): number {
  const [am, as = '0'] = a.split('-');
  const [bm, bs = '0'] = b.split('-');
  const ms = BigInt(am) - BigInt(bm);
  if (ms !== 0n) return ms > 0n ? 1 : -1;
  const seq = BigInt(as) - BigInt(bs);
  return seq === 0n ? 0 : seq > 0n ? 1 : -1;
}

function oldest(ids: string[]): string {
  return ids.reduce((min, id) => (compareIds(id, min) < 0 ? id : min));
}
