import { AppError, ErrorCode } from './index';
import { redactedStack } from './redacted-stack';

describe('redactedStack', () => {
  it('keeps class names, codes and frames of an error and its causes, and no line of any message', () => {
    const cause = Object.assign(new Error('row 7: Quentin Marchbanks\nDOB 1961-04-02'), { code: 'ECONNRESET' });
    const sut = new AppError(ErrorCode.Internal, 'failed for Quentin', { cause });

    const stack = redactedStack(sut)!;

    expect(stack).toMatch(/^AppError \[internal_error\]\n {4}at .*redacted-stack\.spec\.ts/);
    expect(stack).toMatch(/\nCaused by: Error \[ECONNRESET\]\n {4}at /);
    expect(stack).not.toMatch(/Quentin|Marchbanks|1961/);
    expect(stack.split('\n').every((line) => /^(AppError|Caused by: |\s+at )/.test(line))).toBe(true);
  });

  it('gives nothing for a value that is not an Error', () => {
    expect(redactedStack('Quentin')).toBeUndefined();
  });
});
