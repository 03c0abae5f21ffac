import type { AppConfigService } from '../core/config';
import { SealerService } from '../core/crypto/sealer.service';
import type { RedisService } from '../core/redis/redis.service';
import { canonicalJson, IdempotencyService } from './idempotency.service';
import { waitSeconds } from './task-submit.finisher';

const service = (byte: number) => {
  const config = { all: { security: { phiKey: Buffer.alloc(32, byte) }, tasks: { timeoutSeconds: { query: 300 } } } } as unknown as AppConfigService;
  return new IdempotencyService({} as RedisService, new SealerService(config), config);
};

describe('idempotency fingerprint', () => {
  const sut = service(7);

  it('ignores key order but not values, and binds the route', () => {
    const a = sut.fingerprint('POST', '/api/ai/query', { query: 'x', use_celery: true, context: { a: 1, b: [1, 2] } });
    const b = sut.fingerprint('POST', '/api/ai/query', { context: { b: [1, 2], a: 1 }, use_celery: true, query: 'x' });
    expect(a).toBe(b);
    expect(sut.fingerprint('POST', '/api/ai/query', { query: 'y', use_celery: true })).not.toBe(a);
    expect(sut.fingerprint('POST', '/api/ai/code', { query: 'x', use_celery: true, context: { a: 1, b: [1, 2] } })).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    // Keyed by the PHI key: a body cannot be confirmed from its fingerprint in Redis.
    expect(service(8).fingerprint('POST', '/api/ai/query', { query: 'x', use_celery: true, context: { a: 1, b: [1, 2] } })).not.toBe(a);
  });

  it('writes canonical JSON with sorted keys and without undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: 'x' }, e: [3, { g: 1, f: 2 }] })).toBe('{"a":{"c":"x"},"b":1,"e":[3,{"f":2,"g":1}]}');
  });

  it('accepts visible ASCII keys up to 255 characters only', () => {
    expect(IdempotencyService.validKey('order-2026-11-28_01')).toBe(true);
    expect(IdempotencyService.validKey('')).toBe(false);
    expect(IdempotencyService.validKey('has space')).toBe(false);
    expect(IdempotencyService.validKey('x'.repeat(256))).toBe(false);
  });
});

describe('wait-then-queue request', () => {
  const sut = waitSeconds;

  it('reads wait_seconds first, then Prefer: wait=N, capped at 60 s', () => {
    expect(sut({ wait_seconds: 5 }, 'wait=30')).toEqual({ seconds: 5, prefer: false });
    expect(sut({}, 'respond-async, wait=10')).toEqual({ seconds: 10, prefer: true });
    expect(sut({}, 'wait=600')).toEqual({ seconds: 60, prefer: true });
    expect(sut({}, undefined)).toEqual({ seconds: 0, prefer: false });
    expect(sut({}, 'handling=lenient')).toEqual({ seconds: 0, prefer: false });
  });
});
