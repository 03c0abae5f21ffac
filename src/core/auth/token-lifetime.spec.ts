import { lifetimeProblem } from './token-lifetime';

describe('lifetimeProblem', () => {
  const now = 1_800_000_000;

  it('refuses a token without exp', () => {
    expect(lifetimeProblem({ iat: now }, 3600, now)).toMatch(/no expiry/);
    expect(lifetimeProblem({ exp: 'soon' }, 3600, now)).toMatch(/no expiry/);
  });

  it('measures exp - iat against the maximum', () => {
    expect(lifetimeProblem({ iat: now, exp: now + 3600 }, 3600, now)).toBeUndefined();
    expect(lifetimeProblem({ iat: now, exp: now + 3601 }, 3600, now)).toMatch(/JWT_MAX_AGE_SECONDS/);
    // Issued long ago to live long: refused even near its end.
    expect(lifetimeProblem({ iat: now - 86_000, exp: now + 600 }, 3600, now)).toMatch(/JWT_MAX_AGE_SECONDS/);
  });

  it('measures exp - now when iat is missing', () => {
    expect(lifetimeProblem({ exp: now + 3000 }, 3600, now)).toBeUndefined();
    expect(lifetimeProblem({ exp: now + 4000 }, 3600, now)).toMatch(/JWT_MAX_AGE_SECONDS/);
  });
});
