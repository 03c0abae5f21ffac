import { DynamicModule, Module } from '@nestjs/common';
import { TASK_REPEAT_HOOK } from '../tasks/task-hooks';
import { TasksModule } from '../tasks/tasks.module';
import { ScheduleController } from './schedule.controller';
import { ScheduleService } from './schedule.service';

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
      providers: [ScheduleService, { provide: TASK_REPEAT_HOOK, useExisting: ScheduleService }],
      exports: [TASK_REPEAT_HOOK],
    };
  }
}
