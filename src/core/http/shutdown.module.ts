import { Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { QueueRegistry } from '../../tasks/queue-registry.service';
import { TasksModule } from '../../tasks/tasks.module';
import { AppConfigService } from '../config';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Graceful shutdown, bounded by SHUTDOWN_GRACE_SECONDS. On SIGTERM a worker stops taking jobs
 * at once (other workers keep consuming), because Nest closes the queues only in its last hooks
 * and would start new jobs meanwhile; then Fastify stops accepting and drains
 * in-flight requests, and Bull's queue.close() waits for the active jobs. If that is not done within the grace period the
 * process exits anyway; a job it was running keeps its Bull lock only until the lock expires,
 * and Bull's stalled-job check hands it to another worker (the runner skips finished tasks, so
 * it still ends once). Keep the grace below the pod's terminationGracePeriodSeconds.
 */
@Injectable()
export class ShutdownWatchdog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ShutdownWatchdog.name);
  private timer?: NodeJS.Timeout;
  private readonly onSignal = (signal: string) => this.arm(signal);

  private readonly queues: Queue[];

  constructor(
    private readonly config: AppConfigService,
    queues: QueueRegistry,
  ) {
    this.queues = queues.all().map((q) => q.queue);
  }

  onApplicationBootstrap(): void {
    for (const signal of SIGNALS) process.once(signal, this.onSignal);
  }

  arm(signal: string): void {
    if (this.timer) return;
    const graceMs = this.config.all.app.shutdownGraceMs;
    this.logger.log({ signal, graceMs }, 'Shutting down: no new jobs or connections; finishing active work');
    this.timer = setTimeout(() => {
      this.logger.error({ graceMs }, 'Shutdown grace period exceeded: exiting; unfinished jobs return to their queue when their lock expires');
      process.exit(1);
    }, graceMs);
    this.timer.unref();
    // close() pauses this process only and waits for its active jobs; Nest's own close later
    // gets the same promise. Not in the api/all roles: requests still draining enqueue there.
    // (Not pause(true) here: close() pauses again, and the second reconnect of Bull's blocking
    // client crashes the process.)
    if (this.config.all.app.role === 'worker') for (const queue of this.queues) void queue.close().catch(() => undefined);
  }

  onApplicationShutdown(): void {
    for (const signal of SIGNALS) process.removeListener(signal, this.onSignal);
  }
}

/** Registered for every role (pausing locally is harmless where nothing consumes). */
@Module({ imports: [TasksModule], providers: [ShutdownWatchdog] })
export class ShutdownModule {}
