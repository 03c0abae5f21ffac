import { Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { JobHandback } from '../../tasks/job-handback.service';
import { QueueRegistry } from '../../tasks/queue-registry.service';
import { TasksModule } from '../../tasks/tasks.module';
import { AppConfigService } from '../config';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
const HAND_BACK_MARGIN_MS = 2000;

/**
 * Graceful shutdown, bounded by SHUTDOWN_GRACE_SECONDS. On SIGTERM a worker stops taking jobs
 * at once (other workers keep consuming), because Nest closes the queues only in its last hooks
 * and would start new jobs meanwhile; then Fastify stops accepting and drains in-flight
 * requests, and Bull's queue.close() waits for the active jobs. Jobs still running shortly before
 * the grace ends (medical analyses may run 600 s, far past any pod's grace) are handed back to
 * their queue at once (JobHandback), so another worker starts them now rather than after the
 * lock expires and the stalled check runs; then the process exits. Keep the grace below the
 * pod's terminationGracePeriodSeconds (deploy/k8s/base/worker.yaml).
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
    private readonly handback: JobHandback,
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
    // The hand-back needs a moment of the grace: a round trip per job, and the runs to stop.
    const handBackMs = Math.max(0, graceMs - Math.min(HAND_BACK_MARGIN_MS, graceMs / 2));
    this.timer = setTimeout(() => {
      void this.handback
        .handBackAll()
        .catch(() => 0)
        .then((handed) => {
          this.logger.error({ graceMs, handed }, 'Shutdown grace period over: exiting; jobs still running were handed back to their queue');
          setTimeout(() => process.exit(1), graceMs - handBackMs).unref();
        });
    }, handBackMs);
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
