import { AppError, ErrorCode } from '../core/errors';
import { backoffDelay } from './bull-options.factory';

describe('backoffDelay', () => {
  it('doubles from the base delay', () => {
    expect([1, 2, 3].map((n) => backoffDelay(2000, n, new Error('x')))).toEqual([2000, 4000, 8000]);
  });

  it('waits at least as long as the upstream Retry-After', () => {
    const rateLimited = new AppError(ErrorCode.LlmUnavailable, '429', { transient: true, retryAfterSeconds: 30 });
    expect(backoffDelay(2000, 1, rateLimited)).toBe(30_000);
    expect(backoffDelay(2000, 6, rateLimited)).toBe(64_000);
  });
});
