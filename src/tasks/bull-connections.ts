import { getQueueToken } from '@nestjs/bull';
import { Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import type { RedisClient } from '../core/redis/redis-connection';
import { ALL_QUEUES, AuxQueueName } from './queue-names';
import { isClosing, loopsEnded, queueErrorFields } from './queue-startup';

/** How long shutdown waits for a queue's processing loops to end before it cuts their connections. */
const LOOP_END_WAIT_MS = 2000;

/**
 * The Redis connections we hand to Bull through `createClient` (bull-options.factory.ts). Bull
 * closes only connections it opened itself, so these are closed here at shutdown, once every
 * queue that uses them has closed (queue.close() waits for the process's active jobs; calling it
 * again returns the same promise). Without this, each closed app left its Bull connections open.
 * Between the two it waits for the queues' processing loops to end (queue-startup.ts): a loop
 * still starting up when its connections were cut rejected with nobody to hear it.
 *
 * It also listens for each queue's 'error' events (Redis errors Bull bubbles up, a loop that
 * failed to start): without a listener Bull prints them with console.error, outside our logs.
 */
@Injectable()
export class BullConnections implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(BullConnections.name);
  private readonly connections: RedisClient[] = [];

  constructor(private readonly moduleRef: ModuleRef) {}

  track(connection: RedisClient): RedisClient {
    this.connections.push(connection);
    return connection;
  }

  onModuleInit(): void {
    for (const queue of this.queues()) {
      // Class, code and stack only: a message can echo what the failing command was working on.
      queue.on('error', (error: unknown) => {
        if (isClosing(queue)) return; // the connections going away under a closing queue
        this.logger.warn(queueErrorFields(queue, error), 'Queue error');
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const queues = this.queues();
    await Promise.allSettled(queues.map((queue) => queue.close()));
    await Promise.all(queues.map((queue) => loopsEnded(queue, LOOP_END_WAIT_MS)));
    for (const connection of this.connections.splice(0)) connection.disconnect();
  }

  private queues(): Queue[] {
    return [...ALL_QUEUES, ...Object.values(AuxQueueName)].flatMap((name) => {
      try {
        return [this.moduleRef.get<Queue>(getQueueToken(name), { strict: false })];
      } catch {
        return []; // not registered in this role
      }
    });
  }
}

@Module({ providers: [BullConnections], exports: [BullConnections] })
export class BullConnectionsModule {}
