import { Injectable, Logger } from '@nestjs/common';
import { SealerService } from '../core/crypto/sealer.service';
import { MetricsService } from '../core/metrics/metrics.service';
import { RedisService } from '../core/redis/redis.service';
import type { CodeFocus } from '../tasks/job-payloads';
import type { CodeAnalysisResult } from './code-analysis.types';

export const CODE_CACHE_TTL_SECONDS = 30 * 60;
const CACHE_NAME = 'code_analysis';

export interface CodeCacheInput {
  /** Whose analysis: entries are never shared between users (see cacheKeyParts). */
  owner: string;
  code: string;
  language?: string;
  filename?: string;
  focus: CodeFocus;
}

/**
 * The language part of the key is what detection starts from (explicit language, else the file
 * extension, else the content itself), so two requests share an entry exactly when detection
 * must give them the same language.
 */
export function languageHint(input: { language?: string; filename?: string }): string {
  const explicit = input.language?.trim().toLowerCase();
  if (explicit && explicit !== 'auto') return `lang=${explicit}`;
  const ext = input.filename?.toLowerCase().match(/\.([a-z0-9+]+)$/)?.[1];
  return ext ? `ext=${ext}` : 'auto';
}

/**
 * Keyed per user: a shared entry would tell one user, by its `cached: true` answer and timing,
 * that someone else submitted exactly this code (which may be private), and would hand them a
 * review written for someone else. The owner goes into the digest, so keys do not list user ids;
 * the digest is keyed (SealerService.digest), so a guessed snippet cannot be confirmed from it.
 */
export function cacheKeyParts(input: CodeCacheInput, sealer: SealerService): string[] {
  // The language hint is the caller's text: inside the digest, never in a key name.
  return ['code-analysis', 'cache', sealer.digest('code-analysis-cache', input.owner, input.code, languageHint(input)), input.focus];
}

/**
 * Finished analyses for 30 minutes, keyed by owner and content hash, language and focus. Only complete
 * results are stored (a skipped review or a timed-out analyser would pin a degraded answer).
 * Redis trouble here never fails a task: it is a miss, or a result not cached.
 */
@Injectable()
export class CodeAnalysisCache {
  private readonly logger = new Logger(CodeAnalysisCache.name);

  constructor(
    private readonly redis: RedisService,
    private readonly metrics: MetricsService,
    private readonly sealer: SealerService,
  ) {}

  async get(input: CodeCacheInput): Promise<CodeAnalysisResult | null> {
    let raw: string | null = null;
    const key = this.redis.key(...cacheKeyParts(input, this.sealer));
    try {
      raw = await this.redis.client.get(key);
    } catch {
      this.logger.warn('Code analysis cache unavailable; analysing without it');
    }
    const hit = raw !== null ? this.open(raw, key) : null;
    this.metrics.cacheLookups.inc({ cache: CACHE_NAME, outcome: hit ? 'hit' : 'miss' });
    return hit;
  }

  static cacheable(result: CodeAnalysisResult): boolean {
    return !result.review.skipped && !(result.timed_out && result.timed_out.length > 0);
  }

  async put(input: CodeCacheInput, result: CodeAnalysisResult): Promise<boolean> {
    if (!CodeAnalysisCache.cacheable(result)) return false;
    try {
      // Sealed for its key, as a task's result is: a review quotes the code, names included.
      const key = this.redis.key(...cacheKeyParts(input, this.sealer));
      await this.redis.client.set(key, this.sealer.seal(result, key), 'EX', CODE_CACHE_TTL_SECONDS);
      return true;
    } catch {
      this.logger.warn('Code analysis cache unavailable; result not cached');
      return false;
    }
  }

  /** A value that does not open for its key (older clear entries, or moved here) is a miss. */
  private open(raw: string, key: string): CodeAnalysisResult | null {
    try {
      const value = this.sealer.open<CodeAnalysisResult>(raw, key);
      return value && value.success === true ? value : null;
    } catch {
      return null;
    }
  }
}
