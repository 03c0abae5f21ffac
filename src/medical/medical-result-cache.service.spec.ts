import type { AppConfigService } from '../core/config';
import { SealerService } from '../core/crypto/sealer.service';
import type { RedisService } from '../core/redis/redis.service';
import { CacheScope, MedicalResultCache } from './medical-result-cache.service';

function build(failing = false) {
  const data = new Map<string, { value: string; ttl: number }>();
  const client = {
    get: async (key: string) => {
      if (failing) throw new Error('connection refused');
      return data.get(key)?.value ?? null;
    },
    set: async (key: string, value: string, _ex: string, ttl: number) => {
      if (failing) throw new Error('connection refused');
      data.set(key, { value, ttl });
      return 'OK';
    },
  };
  const redis = { client, key: (...parts: string[]) => `test:${parts.join(':')}` } as unknown as RedisService;
  const config = { all: { security: { phiKey: Buffer.alloc(32, 9) }, tasks: { ttlSeconds: { medical: 7200 } } } } as unknown as AppConfigService;
  const sut = new MedicalResultCache(redis, new SealerService(config), config);
  return { sut, data };
}

const scope: CacheScope = { userId: 'dr.raman', patientId: 17, analysisType: 'diagnosis', medicalData: 'Maria Delgado, chest pain.' };

describe('MedicalResultCache', () => {
  it("opens an entry only under its own key: copied under another user's key (by whoever can write to Redis) it is a miss", async () => {
    const { sut, data } = build();
    await sut.set(scope, { summary: 'Maria Delgado: angina' });
    expect(await sut.get(scope)).toEqual({ summary: 'Maria Delgado: angina' });
    const theirs = { ...scope, userId: 'mallory', patientId: undefined, medicalData: 'anything' };
    data.set(sut.key(theirs), data.get(sut.key(scope))!);
    expect(await sut.get(theirs)).toBeUndefined();
  });

  it('gives a different key to another user, patient, analysis type or text', () => {
    const { sut } = build();
    const keys = new Set([
      sut.key(scope),
      sut.key({ ...scope, userId: 'dr.okafor' }),
      sut.key({ ...scope, patientId: 18 }),
      sut.key({ ...scope, patientId: undefined }),
      sut.key({ ...scope, analysisType: 'treatment' }),
      sut.key({ ...scope, medicalData: 'Maria Delgado, chest pain!' }),
    ]);
    expect(keys.size).toBe(6);
    expect(sut.key(scope)).toBe(sut.key({ ...scope }));
  });

  it('names neither the user, the patient nor the text in the key', () => {
    const { sut } = build();
    expect(sut.key(scope)).toMatch(/^test:medical:result:[0-9a-f]{64}$/);
  });

  it('stores the result sealed for two hours and reads it back', async () => {
    const { sut, data } = build();
    await sut.set(scope, { analysis: { summary: 'Maria Delgado is stable.' } });
    const [stored] = [...data.values()];
    expect(stored.ttl).toBe(7200);
    expect(stored.value).not.toContain('Delgado');
    expect(await sut.get(scope)).toEqual({ analysis: { summary: 'Maria Delgado is stable.' } });
    expect(await sut.get({ ...scope, userId: 'dr.okafor' })).toBeUndefined();
  });

  it('treats an unavailable Redis as a miss rather than a failure', async () => {
    const { sut } = build(true);
    await expect(sut.set(scope, { a: 1 })).resolves.toBeUndefined();
    await expect(sut.get(scope)).resolves.toBeUndefined();
  });
});
