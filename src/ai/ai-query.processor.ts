import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { SealerService } from '../core/crypto/sealer.service';
import { AgentCheckpoint, AgentService } from '../core/llm/agent.service';
import { LlmService } from '../core/llm/llm.service';
import { JobData } from '../tasks/job-payloads';
import { JobName, QueueName } from '../tasks/queue-names';
import { TaskRunner } from '../tasks/task-runner.service';
import { workerConcurrency } from '../tasks/worker-concurrency';
import { GENERAL_SYSTEM_PROMPT, toQueryResult, withContext } from './ai-query.service';

/** Background general queries: the agent, one progress step per tool call. */
@Processor(QueueName.AiQuery)
export class AiQueryProcessor {
  constructor(
    private readonly runner: TaskRunner,
    private readonly agent: AgentService,
    private readonly llm: LlmService,
    private readonly sealer: SealerService,
  ) {}

  @Process({ name: JobName.AiQuery, concurrency: workerConcurrency(QueueName.AiQuery) })
  async process(job: Job<JobData<JobName.AiQuery>>): Promise<void> {
    await this.runner.run(job, async (ctx) => {
      const started = performance.now();
      // Each tool call owns a 15-point band of the task's progress; the tool's own MCP progress
      // notifications move the task within that band.
      let band = 10;
      const result = await this.agent.run({
        system: GENERAL_SYSTEM_PROMPT,
        user: withContext(ctx.input.query, ctx.input.context),
        signal: ctx.signal,
        userId: ctx.meta.requester.userId,
        requestId: ctx.meta.requestId,
        resume: ctx.input.resume ? this.sealer.open<AgentCheckpoint>(ctx.input.resume) : undefined,
        onToolCall: (tool, index) => {
          band = Math.min(90, 10 + index * 15);
          return ctx.progress(band, `Calling tool ${tool}`);
        },
        onToolProgress: (tool, progress, total) => {
          if (!total) return;
          const percent = band + Math.min(14, Math.floor((14 * progress) / total));
          void ctx.progress(percent, `Tool ${tool}: ${progress} of ${total}`).catch(() => undefined);
        },
      });
      const seconds = (performance.now() - started) / 1000;
      return { message: 'Query processed', result: toQueryResult(result, ctx.input.queryType, seconds, result.model ?? this.llm.primaryModel()) };
    });
  }
}
