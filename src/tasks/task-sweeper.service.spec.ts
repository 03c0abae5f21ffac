import type { AppConfigService } from '../core/config';
import type { RedisService } from '../core/redis/redis.service';
import type { QueueRegistry } from './queue-registry.service';
import { TaskSweeper } from './task-sweeper.service';
import type { TaskStore } from './task-store.service';

/** The sweep's bound under a hostile backlog: at most 5,000 tasks a sweep, shared by the index shards. */
describe('TaskSweeper.sweep bound', () => {
  const build = (shards: number, perShard: number) => {
    const ranges: [string, number, number][] = [];
    const keys = Array.from({ length: shards }, (_, n) => `open:${n}`);
    const client = {
      zrange: async (key: string, start: number, stop: number) => {
        ranges.push([key, start, stop]);
        const size = Math.min(perShard, stop - start + 1);
        return Array.from({ length: size }, (_, i) => `${key}:${i}`);
      },
    };
    const redis = { client } as unknown as RedisService;
    const store = { openKeys: () => keys } as unknown as TaskStore;
    const config = { all: { tasks: { stalledIntervalMs: 30_000 } } } as unknown as AppConfigService;
    const sut = new TaskSweeper(redis, store, {} as QueueRegistry, config);
    const swept: string[] = [];
    (sut as unknown as { sweepIds: (ids: string[]) => Promise<number> }).sweepIds = async (ids) => {
      expect(ids.length).toBeLessThanOrEqual(200);
      swept.push(...ids);
      return 0;
    };
    return { sut, ranges, swept };
  };

  it('reads and checks at most 5,000 ids from one huge index', async () => {
    const { sut, ranges, swept } = build(1, 1_000_000);
    await sut.sweep();
    expect(ranges).toEqual([['open:0', 0, 4999]]);
    expect(swept).toHaveLength(5000);
  });

  it('shares the bound among 16 full shards: every shard is swept, no more ids are read than checked', async () => {
    const { sut, ranges, swept } = build(16, 1_000_000);
    await sut.sweep();
    expect(ranges.every(([, , stop]) => stop === 312)).toBe(true);
    expect(swept).toHaveLength(5000);
    for (let n = 0; n < 16; n++) expect(swept.some((id) => id.startsWith(`open:${n}:`))).toBe(true);
  });
});
