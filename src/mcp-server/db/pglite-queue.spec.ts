import { ToolErrorCode } from '../tools/tool-definition';
import { PgliteQueue } from './pglite-queue';

describe('PgliteQueue', () => {
  it('grants one holder at a time, in arrival order', async () => {
    const sut = new PgliteQueue({ waitMs: 1000, maxWaiting: 5 });
    const order: number[] = [];
    const first = await sut.acquire();
    const second = sut.acquire().then((release) => (order.push(2), release));
    const third = sut.acquire().then((release) => (order.push(3), release));
    expect(sut.depth).toBe(2);
    first();
    (await second)();
    (await third)();
    expect(order).toEqual([2, 3]);
    expect(sut.depth).toBe(0);
  });

  it('refuses a caller beyond maxWaiting at once', async () => {
    const sut = new PgliteQueue({ waitMs: 1000, maxWaiting: 1 });
    const held = await sut.acquire();
    const waiting = sut.acquire();
    await expect(sut.acquire()).rejects.toMatchObject({ code: ToolErrorCode.Unavailable, details: { reason: 'queue_full' } });
    held();
    (await waiting)();
  });

  it('refuses a caller that waited waitMs, and lets an aborted caller leave the line', async () => {
    const sut = new PgliteQueue({ waitMs: 50, maxWaiting: 5 });
    const held = await sut.acquire();
    await expect(sut.acquire()).rejects.toMatchObject({ code: ToolErrorCode.Unavailable, details: { reason: 'queue_timeout', queue_timeout_ms: 50 } });
    const controller = new AbortController();
    const aborted = sut.acquire(controller.signal);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: ToolErrorCode.Timeout });
    expect(sut.depth).toBe(0);
    held();
    (await sut.acquire())();
  });
});
