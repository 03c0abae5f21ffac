/** Usage accounting on the real Redis: calls are summed in memory, written once per flush, and kept across a failed write. */
import { UsageRecorder } from '../../src/core/llm/usage.recorder';
import { redisFixture } from '../helpers/redis-fixture';

describe('UsageRecorder (real Redis)', () => {
  const fixture = redisFixture('ur');
  const { prefix, redis, raw } = fixture;
  const sut = new UsageRecorder(redis);

  beforeAll(() => fixture.ready());
  afterAll(async () => {
    await sut.onModuleDestroy();
    await fixture.close();
  });

  it('sums calls per user and model and writes them in one flush', async () => {
    sut.record('alice', 'gpt-a', { input_tokens: 10, output_tokens: 3, total_tokens: 13 });
    sut.record('alice', 'gpt-a', { input_tokens: 5, output_tokens: 2, total_tokens: 7 });
    sut.record('bob', 'gpt-b', { input_tokens: 1, output_tokens: 1, total_tokens: 2 });
    expect(await raw.exists(`${prefix}:usage:alice`)).toBe(0); // nothing written per call
    await sut.flush();
    expect(await sut.forUser('alice')).toEqual([{ user_id: 'alice', model: 'gpt-a', calls: 2, input_tokens: 15, output_tokens: 5 }]);
    expect((await sut.allUsers()).map((r) => r.user_id)).toEqual(['alice', 'bob']);
  });

  it('writes by itself within a second', async () => {
    sut.record('carol', 'gpt-a', { input_tokens: 7, output_tokens: 1, total_tokens: 8 });
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline && (await raw.exists(`${prefix}:usage:carol`)) === 0) await new Promise((r) => setTimeout(r, 50));
    expect(await sut.forUser('carol')).toEqual([{ user_id: 'carol', model: 'gpt-a', calls: 1, input_tokens: 7, output_tokens: 1 }]);
  });

  it('keeps what a failed write could not store and adds it to the next flush', async () => {
    const multi = jest.spyOn(redis.client, 'multi').mockImplementationOnce(() => {
      const failing = raw.multi();
      failing.exec = () => Promise.reject(new Error('connection lost'));
      return failing;
    });
    sut.record('dave', 'gpt-a', { input_tokens: 2, output_tokens: 2, total_tokens: 4 });
    await sut.flush();
    multi.mockRestore();
    sut.record('dave', 'gpt-a', { input_tokens: 3, output_tokens: 0, total_tokens: 3 });
    await sut.flush();
    expect(await sut.forUser('dave')).toEqual([{ user_id: 'dave', model: 'gpt-a', calls: 2, input_tokens: 5, output_tokens: 2 }]);
  });
});
