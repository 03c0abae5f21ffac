import { AppError, ErrorCode } from '../core/errors';
import { assertCodeSize, codeSizeBytes } from './code-size';

describe('code size limit', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(codeSizeBytes('é')).toBe(2);
    expect(codeSizeBytes('€')).toBe(3);
    expect(codeSizeBytes('😀')).toBe(4);
  });

  it('accepts code exactly at the limit', () => {
    expect(() => assertCodeSize('a'.repeat(10), 10)).not.toThrow();
  });

  it('refuses code one byte over the limit with payload_too_large and the sizes', () => {
    let caught: unknown;
    try {
      assertCodeSize('a'.repeat(11), 10);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe(ErrorCode.PayloadTooLarge);
    expect((caught as AppError).details).toEqual({ field: 'code', size_bytes: 11, limit_bytes: 10 });
  });

  it('refuses multi-byte code whose character count is under the limit but byte count is over', () => {
    expect(() => assertCodeSize('€'.repeat(4), 10)).toThrow(expect.objectContaining({ code: ErrorCode.PayloadTooLarge }));
  });
});
