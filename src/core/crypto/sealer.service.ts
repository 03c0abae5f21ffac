import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppConfigService } from '../config';

/**
 * AES-256-GCM for patient data at rest in Redis (Bull job payloads, task results, cached
 * results). The key comes from PHI_ENCRYPTION_KEY. Format: `v1.<iv>.<tag>.<ciphertext>`, each
 * part base64url; `v2` when sealed for a context (GCM's additional data: whose it is and where it
 * lives). A v2 value opens only for its context and a v1 value only without one, so whoever can
 * write to Redis cannot move a sealed value where another reader opens it (a task result to
 * another owner, a job's text into a job of another user, a cached answer under another key).
 */
@Injectable()
export class SealerService {
  private readonly key: Buffer;

  constructor(config: AppConfigService) {
    this.key = config.all.security.phiKey;
  }

  seal(value: unknown, context?: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    if (context !== undefined) cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return [context === undefined ? 'v1' : 'v2', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  open<T = unknown>(sealed: string, context?: string): T {
    return JSON.parse(this.openText(sealed, context)) as T;
  }

  /** The sealed value's JSON text, not parsed (for a caller that only passes it on). */
  openText(sealed: string, context?: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if ((version !== 'v1' && version !== 'v2') || !iv || !tag || body === undefined) throw new Error('Sealed value has an unknown format');
    if ((version === 'v2') !== (context !== undefined)) throw new Error('Sealed value does not belong here');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    if (version === 'v2') decipher.setAAD(Buffer.from(context as string, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
    return plain.toString('utf8');
  }
}
