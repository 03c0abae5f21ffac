/**
 * Shutting the queues down while they are still starting (real Redis). Bull's `process()` starts
 * a loop that first subscribes, moves stalled jobs and waits for its blocking connection; a pod
 * stopped in those first milliseconds closed the queues and cut the connections under that
 * start-up, and the loop's promise, which @nestjs/bull drops, rejected unheard: an unhandled
 * rejection, which ends a Node 20 process (and failed an e2e test on a busy CI machine).
 */
import type { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bull';
import Bull, { type Queue } from 'bull';
import { BullConnections } from '../../src/tasks/bull-connections';
import { bullOptions } from '../../src/tasks/bull-options.factory';
import { ALL_QUEUES } from '../../src/tasks/queue-names';
import { redisFixture } from '../helpers/redis-fixture';

describe('BullConnections shutdown while queues start (real Redis)', () => {
  const fixture = redisFixture('qsd');
  afterAll(() => fixture.close());

  /** Queues built the way @nestjs/bull builds ours, and the BullConnections that closes them. */
  function queues(): { all: Queue[]; connections: BullConnections; opened: { status: string }[] } {
    const byToken = new Map<string, Queue>();
    const moduleRef = {
      get: (token: string) => {
        const queue = byToken.get(token);
        if (!queue) throw new Error('not registered');
        return queue;
      },
    } as unknown as ModuleRef;
    const connections = new BullConnections(moduleRef);
    const opened: { status: string }[] = [];
    const track = connections.track.bind(connections);
    connections.track = (connection) => (opened.push(connection), track(connection));
    const options = bullOptions(fixture.config.all, connections);
    const all = ALL_QUEUES.map((name) => {
      const queue = new Bull(name, { ...options, prefix: `${fixture.prefix}:bull` } as Bull.QueueOptions);
      byToken.set(getQueueToken(name), queue);
      return queue;
    });
    connections.onModuleInit();
    return { all, connections, opened };
  }

  it('lets every processing loop end before the connections close, at any point of start-up', async () => {
    const unheard: unknown[] = [];
    const listen = (reason: unknown) => unheard.push(reason);
    process.on('unhandledRejection', listen);
    const loops: Promise<unknown>[] = [];
    try {
      // Stop at once, then a little later each time: each lands in another step of the start-up.
      for (const waitMs of [0, 0, 1, 2, 5, 10, 20, 40]) {
        const { all, connections, opened } = queues();
        for (const queue of all) loops.push(queue.process(async () => undefined));
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        await connections.onApplicationShutdown();
        // Every connection Bull asked for, a blocking one made after close() too, is closed.
        for (let i = 0; i < 50 && opened.some((c) => c.status !== 'end'); i++) await new Promise((resolve) => setTimeout(resolve, 10));
        expect(opened.map((c) => c.status)).toEqual(opened.map(() => 'end'));
        expect(opened.length).toBeGreaterThanOrEqual(2);
      }
      const outcomes = await Promise.allSettled(loops);
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unheard).toEqual([]);
    } finally {
      process.off('unhandledRejection', listen);
    }
  });
});
