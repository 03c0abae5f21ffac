import { Global, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { RedisClient } from '../core/redis/redis-connection';
import { RedisService } from '../core/redis/redis.service';
import { ALL_JOBS } from './queue-names';
import { QueueRegistry } from './queue-registry.service';
import { TaskAbortRegistry } from './task-abort.registry';
import { TaskCancellationService } from './task-cancellation.service';
import { TaskSweeper } from './task-sweeper.service';
import { TasksModule } from './tasks.module';
import { WorkerHeartbeat } from './worker-registry.service';

/** Aborts tasks running in this worker when any replica publishes a cancel. */
@Injectable()
class CancelListener implements OnModuleInit, OnApplicationShutdown {
  private subscriber?: RedisClient;

  constructor(
    private readonly redis: RedisService,
    private readonly aborts: TaskAbortRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscriber = this.redis.duplicate('medcor-cancel', { enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.subscriber.on('message', (_channel: string, taskId: string) => this.aborts.abort(taskId));
    await this.subscriber.subscribe(TaskCancellationService.channel(this.redis)).catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => undefined);
  }
}

/** A job name without a processor would sit in its queue forever: refuse to start instead. */
@Injectable()
class ProcessorCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('ProcessorCheck');
  constructor(
    private readonly queues: QueueRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const missing = ALL_JOBS.filter((job) => {
      const handlers = (this.queues.forJob(job) as unknown as { handlers?: Record<string, unknown> }).handlers ?? {};
      return !handlers[job];
    });
    if (missing.length) throw new Error(`No processor registered for job(s): ${missing.join(', ')}`);
    this.logger.log(`Processors registered for ${ALL_JOBS.length} job types`);
  }
}

/**
 * What only worker processes run. Global so that health's @Optional() WorkerHeartbeat resolves in
 * a worker: without it the worker's readiness fell back to the API's fleet count and could not
 * say that this worker has lost Redis.
 */
@Global()
@Module({
  imports: [TasksModule],
  providers: [WorkerHeartbeat, CancelListener, ProcessorCheck, TaskSweeper],
  exports: [WorkerHeartbeat],
})
export class TaskWorkerModule {}
