/**
 * Owns the 30-minute cache of database answers, per user, database and query text (the seed's
 * "Database Queries: 30 minutes cache"). Answers hold patient rows, so they are sealed (AES-GCM)
 * and the key carries a hash of the query, never its text. A cache that cannot be read or
 * written is skipped: it must never fail a request.
 */
import { Injectable, Logger } from '@nestjs/common';
import { SealerService } from '../core/crypto/sealer.service';
import { MetricsService } from '../core/metrics/metrics.service';
import { RedisService } from '../core/redis/redis.service';
import type { DatabaseAnswer } from './database-result';

export const DATABASE_CACHE_TTL_SECONDS = 30 * 60;
const CACHE_LABEL = 'database';

export interface CacheScope {
  userId: string;
  database: string;
  query: string;
}

interface CacheEntry {
  answer: DatabaseAnswer;
  at: string;
}

@Injectable()
export class DatabaseResultCache {
  private readonly logger = new Logger(DatabaseResultCache.name);

  constructor(
    private readonly redis: RedisService,
    private readonly sealer: SealerService,
    private readonly metrics: MetricsService,
  ) {}

  key(scope: CacheScope): string {
    // Keyed: a question's text ("admissions of John Smith?") cannot be confirmed from the key name.
    return this.redis.key('cache', 'database', this.sealer.digest('database-result-cache', scope.userId, scope.database, scope.query.trim()));
  }

  async get(scope: CacheScope): Promise<DatabaseAnswer | null> {
    let raw: string | null = null;
    const key = this.key(scope);
    try {
      raw = await this.redis.client.get(key);
    } catch {
      this.logger.debug('Result cache unreadable; answering without it');
    }
    if (raw === null) {
      this.metrics.cacheLookups.inc({ cache: CACHE_LABEL, outcome: 'miss' });
      return null;
    }
    try {
      const entry = this.sealer.open<CacheEntry>(raw, key);
      this.metrics.cacheLookups.inc({ cache: CACHE_LABEL, outcome: 'hit' });
      return { ...entry.answer, cached: true, cached_at: entry.at };
    } catch {
      // Sealed under another key (PHI_ENCRYPTION_KEY rotated), for another Redis key (moved here) or damaged: absent.
      this.metrics.cacheLookups.inc({ cache: CACHE_LABEL, outcome: 'miss' });
      return null;
    }
  }

  /** The request asked to skip the cache (`Cache-Control: no-cache`); its answer still refreshes it. */
  bypassed(): void {
    this.metrics.cacheLookups.inc({ cache: CACHE_LABEL, outcome: 'bypass' });
  }

  async set(scope: CacheScope, answer: DatabaseAnswer): Promise<void> {
    const { cached: _cached, cached_at: _at, ...fresh } = answer;
    const entry: CacheEntry = { answer: fresh as DatabaseAnswer, at: new Date().toISOString() };
    try {
      const key = this.key(scope);
      await this.redis.client.set(key, this.sealer.seal(entry, key), 'EX', DATABASE_CACHE_TTL_SECONDS);
    } catch {
      this.logger.debug('Result cache unwritable; the answer is not cached');
    }
  }
}
