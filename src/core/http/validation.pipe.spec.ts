import { AppError, ErrorCode } from '../errors';
import { createValidationPipe, depthExceeds, MAX_BODY_DEPTH } from './validation.pipe';

const nested = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};

describe('validation pipe depth limit', () => {
  it('measures depth without recursion, even 100,000 levels deep', () => {
    expect(depthExceeds(nested(100_000), MAX_BODY_DEPTH)).toBe(true);
    expect(depthExceeds(nested(MAX_BODY_DEPTH), MAX_BODY_DEPTH)).toBe(false);
    expect(depthExceeds(nested(MAX_BODY_DEPTH + 1), MAX_BODY_DEPTH)).toBe(true);
    expect(depthExceeds('flat', MAX_BODY_DEPTH)).toBe(false);
  });

  it('refuses a body nested past the limit with a validation error, before transforming it', async () => {
    const sut = createValidationPipe();
    const error = await sut.transform(nested(5000), { type: 'body', metatype: Object }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(ErrorCode.ValidationFailed);
  });
});
