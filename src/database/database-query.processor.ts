import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JobData } from '../tasks/job-payloads';
import { JobName, QueueName } from '../tasks/queue-names';
import { TaskRunner } from '../tasks/task-runner.service';
import { workerConcurrency } from '../tasks/worker-concurrency';
import { DatabaseTaskService } from './database-task.service';

/** Background database queries: raw SQL and natural-language questions, via DatabaseTaskService. */
@Processor(QueueName.Database)
export class DatabaseQueryProcessor {
  constructor(
    private readonly runner: TaskRunner,
    private readonly tasks: DatabaseTaskService,
  ) {}

  @Process({ name: JobName.DatabaseQuery, concurrency: workerConcurrency(QueueName.Database) })
  async process(job: Job<JobData<JobName.DatabaseQuery>>): Promise<void> {
    await this.runner.run(job, (ctx) => this.tasks.run(ctx));
  }
}
