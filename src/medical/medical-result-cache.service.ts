import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfigService } from '../core/config';
import { SealerService } from '../core/crypto/sealer.service';
import { RedisService } from '../core/redis/redis.service';
import type { AnalysisType } from '../tasks/job-payloads';

export interface CacheScope {
  userId: string;
  patientId?: number;
  analysisType: AnalysisType;
  medicalData: string;
}

/**
 * Finished medical results, reused for the same question from the same caller. The key covers
 * user, patient, analysis type and the SHA-256 of the text, so nobody reads a result they could
 * not have produced themselves; it is an HMAC under a key derived from PHI_ENCRYPTION_KEY so
 * that key names reveal neither who asked nor about whom (and short texts cannot be guessed
 * from their hash). Values are sealed (AES-GCM). The cache is best effort: a Redis error is a
 * miss, never a failed analysis.
 */
@Injectable()
export class MedicalResultCache {
  private readonly logger = new Logger(MedicalResultCache.name);
  private readonly ttlSeconds: number;

  constructor(
    private readonly redis: RedisService,
    private readonly sealer: SealerService,
    config: AppConfigService,
  ) {
    // The seed cached medical results for as long as it kept them: TASK_TTL_MEDICAL_SECONDS (2 h).
    this.ttlSeconds = config.all.tasks.ttlSeconds.medical;
  }

  key(scope: CacheScope): string {
    const textHash = createHash('sha256').update(scope.medicalData, 'utf8').digest('hex');
    const material = JSON.stringify([scope.userId, scope.patientId ?? null, scope.analysisType, textHash]);
    return this.redis.key('medical', 'result', this.sealer.digest('medical-result-cache', material));
  }

  async get<T>(scope: CacheScope): Promise<T | undefined> {
    try {
      const key = this.key(scope);
      const sealed = await this.redis.client.get(key);
      // Sealed for its key: a value moved here from another user's key does not open.
      return sealed === null ? undefined : this.sealer.open<T>(sealed, key);
    } catch {
      this.logger.warn('Medical result cache unavailable or unreadable; analysing afresh');
      return undefined;
    }
  }

  async set(scope: CacheScope, result: unknown): Promise<void> {
    try {
      const key = this.key(scope);
      await this.redis.client.set(key, this.sealer.seal(result, key), 'EX', this.ttlSeconds);
    } catch {
      this.logger.warn('Medical result cache unavailable; result not cached');
    }
  }
}
