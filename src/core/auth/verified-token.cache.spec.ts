import { VerifiedTokenCache } from './verified-token.cache';

const bearer = (claims: object) => `Bearer h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
const alice = { userId: 'alice', roles: ['clinician'] };

describe('VerifiedTokenCache', () => {
  let sut: VerifiedTokenCache;
  beforeEach(() => (sut = new VerifiedTokenCache()));

  it('remembers a verified token until it expires', () => {
    const now = 1_000_000_000_000;
    const header = bearer({ sub: 'alice', exp: now / 1000 + 30 });
    sut.set(header, alice, now);
    expect(sut.get(header, now + 29_000)).toEqual(alice);
    expect(sut.get(header, now + 30_000)).toBeUndefined();
  });

  it('never trusts a token for more than a minute', () => {
    const now = 1_000_000_000_000;
    const header = bearer({ sub: 'alice', exp: now / 1000 + 3600 });
    sut.set(header, alice, now);
    expect(sut.get(header, now + 59_000)).toEqual(alice);
    expect(sut.get(header, now + 61_000)).toBeUndefined();
  });

  it('does not remember a token without exp, or an unknown one', () => {
    const header = bearer({ sub: 'alice' });
    sut.set(header, alice);
    expect(sut.get(header)).toBeUndefined();
    expect(sut.get(bearer({ sub: 'mallory', exp: 9e9 }))).toBeUndefined();
  });
});
