import { DynamicModule, Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { AiQueryController } from './ai-query.controller';
import { AiQueryProcessor } from './ai-query.processor';
import { AiQueryService } from './ai-query.service';
import { SystemStatusService } from './system-status.service';

/** General queries (the seed's "AI query"): inline answers, system status, background tasks. */
@Module({})
export class AiModule {
  static forRole(roles: { api: boolean; worker: boolean }): DynamicModule {
    return {
      module: AiModule,
      imports: [TasksModule],
      controllers: roles.api ? [AiQueryController] : [],
      providers: [AiQueryService, SystemStatusService, ...(roles.worker ? [AiQueryProcessor] : [])],
    };
  }
}
