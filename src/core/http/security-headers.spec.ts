import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it("computes helmet's headers once, with a CSP that lets Swagger UI run", () => {
    const sut = securityHeaders();
    expect(sut['x-content-type-options']).toBe('nosniff');
    expect(sut['strict-transport-security']).toMatch(/max-age=/);
    expect(sut['x-frame-options']).toBe('SAMEORIGIN');
    expect(sut['content-security-policy']).toMatch(/script-src 'self' 'unsafe-inline'/);
    expect(sut['x-powered-by']).toBeUndefined();
  });
});
