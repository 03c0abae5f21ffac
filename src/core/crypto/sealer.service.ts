import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppConfigService } from '../config';

/**
 * AES-256-GCM for patient data at rest in Redis (Bull job payloads, task results, cached
 * results). Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url. The key comes from
 * PHI_ENCRYPTION_KEY.
 */
@Injectable()
export class SealerService {
  private readonly key: Buffer;

  constructor(config: AppConfigService) {
    this.key = config.all.security.phiKey;
  }

  seal(value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  open<T = unknown>(sealed: string): T {
    return JSON.parse(this.openText(sealed)) as T;
  }

  /** The sealed value's JSON text, not parsed (for a caller that only passes it on). */
  openText(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Sealed value has an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
    return plain.toString('utf8');
  }
}
