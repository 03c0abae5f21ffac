import { DynamicModule, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ModuleMetadata } from '@nestjs/common';
import { AppConfigService } from '../config';

/**
 * The background work of this process, as the watchdog sees it. Core knows no queues: the task
 * layer provides this token (src/tasks/task-work-drain.ts) and the app module hands its module in.
 */
export abstract class WorkDrain {
  /** Stops this process taking new jobs; active ones keep running. */
  abstract stopTaking(): void;
  /** Hands the jobs still running here back to their queue; resolves with how many. */
  abstract handBackAll(): Promise<number>;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
const HAND_BACK_MARGIN_MS = 2000;

/**
 * Graceful shutdown, bounded by SHUTDOWN_GRACE_SECONDS. On SIGTERM a worker stops taking jobs
 * at once (other workers keep consuming), because Nest closes the queues only in its last hooks
 * and would start new jobs meanwhile; then Fastify stops accepting and drains in-flight
 * requests, and Bull's queue.close() waits for the active jobs. Jobs still running shortly before
 * the grace ends (medical analyses may run 600 s, far past any pod's grace) are handed back to
 * their queue at once (WorkDrain.handBackAll), so another worker starts them now rather than after the
 * lock expires and the stalled check runs; then the process exits. Keep the grace below the
 * pod's terminationGracePeriodSeconds (deploy/k8s/base/worker.yaml).
 */
@Injectable()
export class ShutdownWatchdog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ShutdownWatchdog.name);
  private timer?: NodeJS.Timeout;
  private readonly onSignal = (signal: string) => this.arm(signal);

  constructor(
    private readonly config: AppConfigService,
    private readonly work: WorkDrain,
  ) {}

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
      void this.work
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
    if (this.config.all.app.role === 'worker') this.work.stopTaking();
  }

  onApplicationShutdown(): void {
    for (const signal of SIGNALS) process.removeListener(signal, this.onSignal);
  }
}

/**
 * Registered for every role (pausing locally is harmless where nothing consumes). `imports` is
 * the module that provides WorkDrain (TasksModule), passed in by the app module.
 */
@Module({})
export class ShutdownModule {
  static forRoot(imports: ModuleMetadata['imports']): DynamicModule {
    return { module: ShutdownModule, imports, providers: [ShutdownWatchdog] };
  }
}
