import { Injectable } from '@nestjs/common';
import { AppConfigService } from '../core/config';
import { SealerService } from '../core/crypto/sealer.service';
import { AppError, ErrorCode } from '../core/errors';
import { RedisService } from '../core/redis/redis.service';

/** How long a key keeps returning its first task. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

interface Claim {
  /** A keyed digest of method, route and canonical body (SealerService.digest): never the body. */
  hash: string;
  state: 'pending' | 'done';
  status?: number;
  body?: unknown;
}

export type IdempotencyOutcome = { kind: 'new' } | { kind: 'replay'; status: number; body: unknown };

/**
 * `Idempotency-Key` for submits: the first request with a key claims it (SET NX) and stores the
 * 202 answer it got; a repeat from the same user with the same key and body within 24 h gets that
 * answer back instead of a second task, and the same key with another body is refused (422).
 * Only queued answers are kept: an inline answer is not a task, so its key is released.
 * A claim still pending (its request running) expires with the longest task timeout, so a
 * process that died holding one does not block the key for 24 h.
 */
@Injectable()
export class IdempotencyService {
  private readonly pendingTtlSeconds: number;

  constructor(
    private readonly redis: RedisService,
    private readonly sealer: SealerService,
    config: AppConfigService,
  ) {
    this.pendingTtlSeconds = Math.max(...Object.values(config.all.tasks.timeoutSeconds));
  }

  static validKey(key: string): boolean {
    return KEY_SHAPE.test(key);
  }

  /** Keyed, so a request text cannot be confirmed from its fingerprint by whoever reads Redis. */
  fingerprint(method: string, route: string, body: unknown): string {
    return this.sealer.digest('idempotency-body', `${method} ${route}`, canonicalJson(body));
  }

  private redisKey(userId: string, key: string): string {
    return this.redis.key('idem', this.sealer.digest('idempotency-key', userId, key));
  }

  async claim(userId: string, key: string, hash: string): Promise<IdempotencyOutcome> {
    const redisKey = this.redisKey(userId, key);
    const claim: Claim = { hash, state: 'pending' };
    const set = await RedisService.guard(() => this.redis.client.set(redisKey, JSON.stringify(claim), 'EX', this.pendingTtlSeconds, 'NX'));
    if (set === 'OK') return { kind: 'new' };
    const raw = await RedisService.guard(() => this.redis.client.get(redisKey));
    if (raw === null) return this.claim(userId, key, hash);
    const existing = JSON.parse(raw) as Claim;
    if (existing.hash !== hash) {
      throw new AppError(ErrorCode.IdempotencyMismatch, 'This Idempotency-Key was used with a different request body; use a new key for a new request');
    }
    if (existing.state === 'pending') {
      throw new AppError(ErrorCode.Conflict, 'A request with this Idempotency-Key is still being processed; retry shortly', { retryAfterSeconds: 1 });
    }
    return { kind: 'replay', status: existing.status ?? 202, body: existing.body };
  }

  /** Keeps the queued answer for repeats, 24 h. */
  async complete(userId: string, key: string, hash: string, status: number, body: unknown): Promise<void> {
    const claim: Claim = { hash, state: 'done', status, body };
    await this.redis.client.set(this.redisKey(userId, key), JSON.stringify(claim), 'EX', IDEMPOTENCY_TTL_SECONDS).catch(() => undefined);
  }

  /** The request failed or was answered inline: a retry with the same key runs again. */
  async release(userId: string, key: string): Promise<void> {
    await this.redis.client.del(this.redisKey(userId, key)).catch(() => undefined);
  }
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same body. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
