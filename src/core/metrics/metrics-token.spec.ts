import { configuredMetricsToken, metricsAuthorized as sut } from './metrics-token';
import type { AllConfig } from '../config';

describe('metricsAuthorized', () => {
  it('lets every scrape through when no token is configured', () => {
    expect(sut(undefined, undefined)).toBe(true);
  });

  it('wants exactly the configured bearer when one is set', () => {
    expect(sut('s3cret-token', 'Bearer s3cret-token')).toBe(true);
    expect(sut('s3cret-token', 'bearer s3cret-token')).toBe(true);
    expect(sut('s3cret-token', undefined)).toBe(false);
    expect(sut('s3cret-token', 'Bearer s3cret-toke')).toBe(false);
    expect(sut('s3cret-token', 'Basic s3cret-token')).toBe(false);
  });
});

describe('configuredMetricsToken', () => {
  it('reads security.metricsToken and treats empty as unset', () => {
    expect(configuredMetricsToken({ security: { metricsToken: 'abc' } } as unknown as AllConfig)).toBe('abc');
    expect(configuredMetricsToken({ security: { metricsToken: '' } } as unknown as AllConfig)).toBeUndefined();
    expect(configuredMetricsToken({ security: {} } as unknown as AllConfig)).toBeUndefined();
  });
});
