import { getQueueToken } from '@nestjs/bull';
import { Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import type { RedisClient } from '../core/redis/redis-connection';
import { ALL_QUEUES, AuxQueueName } from './queue-names';

/**
 * The Redis connections we hand to Bull through `createClient` (bull-options.factory.ts). Bull
 * closes only connections it opened itself, so these are closed here at shutdown, once every
 * queue that uses them has closed (queue.close() waits for the process's active jobs; calling it
 * again returns the same promise). Without this, each closed app left its Bull connections open.
 */
@Injectable()
export class BullConnections implements OnApplicationShutdown {
  private readonly connections: RedisClient[] = [];

  constructor(private readonly moduleRef: ModuleRef) {}

  track(connection: RedisClient): RedisClient {
    this.connections.push(connection);
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    const queues = [...ALL_QUEUES, ...Object.values(AuxQueueName)].flatMap((name) => {
      try {
        return [this.moduleRef.get<Queue>(getQueueToken(name), { strict: false })];
      } catch {
        return []; // not registered in this role
      }
    });
    await Promise.allSettled(queues.map((queue) => queue.close()));
    for (const connection of this.connections.splice(0)) connection.disconnect();
  }
}

@Module({ providers: [BullConnections], exports: [BullConnections] })
export class BullConnectionsModule {}
