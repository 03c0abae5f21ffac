import { DynamicModule, Module } from '@nestjs/common';
import { AppConfigService } from '../core/config';
import { createThrottlerStorage } from '../core/http/throttling.module';
import { TASK_REPEAT_HOOK } from '../tasks/task-hooks';
import { TasksModule } from '../tasks/tasks.module';
import { ScheduleController } from './schedule.controller';
import { SCHEDULE_RUN_LIMITS, ScheduleService } from './schedule.service';

/**
 * Recurring schedules: the API (create, list, pause, resume, delete) and the repeat hook the
 * task runner calls when a run starts. Global so TasksModule's runner can inject the hook.
 */
@Module({})
export class SchedulesModule {
  static forRole(roles: { api: boolean; worker: boolean }): DynamicModule {
    return {
      module: SchedulesModule,
      global: true,
      imports: [TasksModule],
      controllers: roles.api ? [ScheduleController] : [],
      providers: [
        ScheduleService,
        { provide: TASK_REPEAT_HOOK, useExisting: ScheduleService },
        // Runs start in workers: each counts against its owner's background submit limit.
        ...(roles.worker
          ? [{ provide: SCHEDULE_RUN_LIMITS, inject: [AppConfigService], useFactory: ({ all }: AppConfigService) => createThrottlerStorage(all) }]
          : []),
      ],
      exports: [TASK_REPEAT_HOOK],
    };
  }
}
