import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, randomFillSync } from 'node:crypto';
import { AppConfigService } from '../config';

const IV_BYTES = 12;
/** IVs drawn from one fill of the CSPRNG (as Node does for randomUUID): one call per 512 seals. */
const IV_POOL_BYTES = IV_BYTES * 512;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;

/**
 * A fresh 96-bit GCM nonce: the next unused 12 bytes of a pool filled by the CSPRNG. A pool is
 * never refilled in place (a new one is allocated), so no byte is handed out twice; the bytes are
 * the generator's as randomBytes(12) would give them, about 5 µs cheaper per seal.
 */
function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomFillSync(Buffer.allocUnsafeSlow(IV_POOL_BYTES));
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

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
  private readonly digestKeys = new Map<string, Buffer>();

  constructor(config: AppConfigService) {
    this.key = config.all.security.phiKey;
  }

  /**
   * HMAC-SHA-256 (hex) of the parts under a key derived from PHI_ENCRYPTION_KEY for `purpose`: for
   * Redis key names and fingerprints of request text, which a plain hash would let anyone who reads
   * Redis confirm for a guessed text ("admissions of John Smith in 2023?"). Parts are joined by NUL.
   */
  digest(purpose: string, ...parts: string[]): string {
    let key = this.digestKeys.get(purpose);
    if (!key) {
      key = createHmac('sha256', this.key).update(`medcor/${purpose}/v1`).digest();
      this.digestKeys.set(purpose, key);
    }
    return createHmac('sha256', key).update(parts.join('\0'), 'utf8').digest('hex');
  }

  seal(value: unknown, context?: string): string {
    const iv = nextIv();
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
