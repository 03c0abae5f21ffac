import { Injectable } from '@nestjs/common';
import { WorkDrain } from '../core/http/shutdown.module';
import { JobHandback } from './job-handback.service';
import { QueueRegistry } from './queue-registry.service';

/** What the shutdown watchdog (core) stops and hands back: this process's task queues and runs. */
@Injectable()
export class TaskWorkDrain implements WorkDrain {
  constructor(
    private readonly queues: QueueRegistry,
    private readonly handback: JobHandback,
  ) {}

  stopTaking(): void {
    // close() pauses this process only and waits for its active jobs (see ShutdownWatchdog).
    for (const { queue } of this.queues.all()) void queue.close().catch(() => undefined);
  }

  handBackAll(): Promise<number> {
    return this.handback.handBackAll();
  }
}
