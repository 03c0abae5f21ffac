import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { AppConfigService } from '../core/config';
import { WorkDrain } from '../core/http/shutdown.module';
import { QueueDepthSource } from '../core/metrics/queue-depth.collector';
import { DurationSamples } from './dispatcher/duration-samples';
import { BullConnections, BullConnectionsModule } from './bull-connections';
import { bullOptions, registerQueues } from './bull-options.factory';
import { DelayedTaskQuota } from './delayed-task-quota.service';
import { ALL_QUEUES } from './queue-names';
import { JobHandback } from './job-handback.service';
import { QueueRegistry } from './queue-registry.service';
import { TaskAbortRegistry } from './task-abort.registry';
import { TaskHandoverRegistry } from './task-handover.registry';
import { TaskRunner } from './task-runner.service';
import { TaskStore } from './task-store.service';
import { TaskWorkDrain } from './task-work-drain';
import { WorkerRegistry } from './worker-registry.service';

/**
 * Queues, the task store and the runner: everything both roles need. The status API lives in
 * TaskApiModule, heartbeats and cancel listening in TaskWorkerModule. It also fills core's
 * tokens for the queues (QueueDepthSource for /metrics, WorkDrain for the shutdown watchdog).
 */
@Module({
  imports: [
    BullModule.forRootAsync({
      imports: [BullConnectionsModule],
      inject: [AppConfigService, BullConnections],
      useFactory: (config: AppConfigService, connections: BullConnections) => bullOptions(config.all, connections),
    }),
    registerQueues(...ALL_QUEUES),
  ],
  providers: [
    TaskStore,
    TaskRunner,
    TaskAbortRegistry,
    WorkerRegistry,
    QueueRegistry,
    DurationSamples,
    JobHandback,
    TaskHandoverRegistry,
    DelayedTaskQuota,
    { provide: QueueDepthSource, useExisting: QueueRegistry },
    { provide: WorkDrain, useClass: TaskWorkDrain },
  ],
  exports: [BullModule, TaskStore, TaskRunner, TaskAbortRegistry, WorkerRegistry, QueueRegistry, DurationSamples, JobHandback, TaskHandoverRegistry, DelayedTaskQuota, QueueDepthSource, WorkDrain],
})
export class TasksModule {}
