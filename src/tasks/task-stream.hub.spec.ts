import { compareIds } from './task-stream.hub';

describe('compareIds (Redis stream ids)', () => {
  it('orders by milliseconds, then by sequence, numerically rather than as text', () => {
    expect(compareIds('1712345678901-0', '1712345678901-0')).toBe(0);
    expect(compareIds('1712345678901-10', '1712345678901-9')).toBe(1);
    expect(compareIds('1712345678901-0', '1712345678902-0')).toBe(-1);
    expect(compareIds('999-5', '1000-0')).toBe(-1);
    expect(compareIds('0', '1-0')).toBe(-1);
    expect(compareIds('1-0', '0')).toBe(1);
  });
});
