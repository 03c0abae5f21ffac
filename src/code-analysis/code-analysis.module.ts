import { DynamicModule, Module, Optional } from '@nestjs/common';
import { TaskHandoverRegistry } from '../tasks/task-handover.registry';
import { TasksModule } from '../tasks/tasks.module';
import { CodeAnalysisCache } from './code-analysis-cache.service';
import { CodeAnalysisController } from './code-analysis.controller';
import { CodeAnalysisPipelineService } from './code-analysis-pipeline.service';
import { CodeAnalysisProcessor } from './code-analysis.processor';
import { CodeAnalysisService } from './code-analysis.service';
import { CodeReviewerService } from './code-reviewer.service';
import { StaticAnalysisClient } from './static-analysis.client';

/**
 * Code analysis: POST /api/ai/code/ (API role) and the worker that runs the `analyze_code` MCP
 * tool, the LLM review, the merge and the 30-minute result cache (worker role). It also serves
 * query_type code jobs queued by /api/ai/query/.
 */
@Module({})
export class CodeAnalysisModule {
  /** Code work arriving at another endpoint (a general query) is handed to this domain's service (API role). */
  constructor(handovers: TaskHandoverRegistry, @Optional() service?: CodeAnalysisService) {
    if (service) handovers.register('code', (handover) => service.handover(handover));
  }

  static forRole(roles: { api: boolean; worker: boolean }): DynamicModule {
    const worker = [CodeAnalysisProcessor, CodeAnalysisPipelineService, StaticAnalysisClient, CodeReviewerService, CodeAnalysisCache];
    return {
      module: CodeAnalysisModule,
      imports: [TasksModule],
      controllers: roles.api ? [CodeAnalysisController] : [],
      providers: [...(roles.api ? [CodeAnalysisService] : []), ...(roles.worker ? worker : [])],
    };
  }
}
