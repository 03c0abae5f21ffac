import { warmUpDeidentifier } from './warm-up';

describe('warmUpDeidentifier', () => {
  it('does on its first call the loading a first task would otherwise do', () => {
    const first = warmUpDeidentifier();
    const second = warmUpDeidentifier();
    // The first call loads the NLP model (hundreds of ms of CPU); the second only de-identifies.
    expect(first).toBeGreaterThan(5 * second);
  });
});
