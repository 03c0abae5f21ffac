import { DynamicModule, Module, Optional } from '@nestjs/common';
import { TaskHandoverRegistry } from '../tasks/task-handover.registry';
import { TasksModule } from '../tasks/tasks.module';
import { DatabaseQueryController } from './database-query.controller';
import { DatabaseQueryProcessor } from './database-query.processor';
import { DatabaseQueryService } from './database-query.service';
import { DatabaseResultCache } from './database-result.cache';
import { DatabaseTaskService } from './database-task.service';
import { DatabaseToolsService } from './database-tools.service';

/**
 * Database queries (`POST /api/ai/database`): SQL or natural language, inline or queued, run by
 * medcor-tools over MCP (the gateway holds no database credentials), cached 30 minutes.
 */
@Module({})
export class DatabaseModule {
  /** Database work arriving at another endpoint (a general query) is handed to this domain's service (API role). */
  constructor(handovers: TaskHandoverRegistry, @Optional() service?: DatabaseQueryService) {
    if (service) handovers.register('database', (handover) => service.handover(handover));
  }

  static forRole(roles: { api: boolean; worker: boolean }): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TasksModule],
      controllers: roles.api ? [DatabaseQueryController] : [],
      providers: [
        DatabaseToolsService,
        DatabaseResultCache,
        ...(roles.api ? [DatabaseQueryService] : []),
        ...(roles.worker ? [DatabaseTaskService, DatabaseQueryProcessor] : []),
      ],
    };
  }
}
