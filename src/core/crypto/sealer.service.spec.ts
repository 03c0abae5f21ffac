import type { AppConfigService } from '../config';
import { SealerService } from './sealer.service';

describe('SealerService', () => {
  const config = { all: { security: { phiKey: Buffer.alloc(32, 7) } } } as unknown as AppConfigService;
  const sut = new SealerService(config);

  it('gives every seal its own IV, across refills of the IV pool', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 1500; i++) {
      const sealed = sut.seal({ i }, 'task:t:alice');
      ivs.add(sealed.split('.')[1]);
      if (i % 499 === 0) expect(sut.open(sealed, 'task:t:alice')).toEqual({ i });
    }
    expect(ivs.size).toBe(1500);
    for (const iv of ivs) expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
  });

  it('seals the same value differently each time, and opens it only for its context', () => {
    const a = sut.seal('Jane Roe, MRN 12345', 'task:t:alice');
    const b = sut.seal('Jane Roe, MRN 12345', 'task:t:alice');
    expect(a).not.toBe(b);
    expect(sut.open(a, 'task:t:alice')).toBe('Jane Roe, MRN 12345');
    expect(() => sut.open(a, 'task:t:mallory')).toThrow();
  });
});
