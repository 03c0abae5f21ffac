import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JobData } from '../tasks/job-payloads';
import { JobName, QueueName } from '../tasks/queue-names';
import { TaskRunner } from '../tasks/task-runner.service';
import { workerConcurrency } from '../tasks/worker-concurrency';
import { CodeAnalysisPipelineService, completionMessage } from './code-analysis-pipeline.service';

/** Background code analysis, from POST /api/ai/code/ and from query_type code on /api/ai/query/. */
@Processor(QueueName.Code)
export class CodeAnalysisProcessor {
  constructor(
    private readonly runner: TaskRunner,
    private readonly pipeline: CodeAnalysisPipelineService,
  ) {}

  @Process({ name: JobName.CodeAnalysis, concurrency: workerConcurrency(QueueName.Code) })
  async process(job: Job<JobData<JobName.CodeAnalysis>>): Promise<void> {
    await this.runner.run(job, async (ctx) => {
      const result = await this.pipeline.run(ctx.input, {
        signal: ctx.signal,
        userId: ctx.meta.requester.userId,
        roles: ctx.meta.requester.roles,
        taskId: ctx.taskId,
        requestId: ctx.meta.requestId,
        bypassCache: ctx.meta.bypassCache,
        progress: (percent, message) => ctx.progress(percent, message),
      });
      return { message: completionMessage(result), result };
    });
  }
}
