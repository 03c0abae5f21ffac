import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JobData } from '../tasks/job-payloads';
import { JobName, QueueName } from '../tasks/queue-names';
import { TaskRunner } from '../tasks/task-runner.service';
import { workerConcurrency } from '../tasks/worker-concurrency';
import { MedicalAnalysisService } from './medical-analysis.service';
import { parsePatientId } from './patient-access.rules';

/** Background medical analyses: hands the payload (sealed in Bull, opened by the runner) to the domain service. */
@Processor(QueueName.Medical)
export class MedicalAnalysisProcessor {
  constructor(
    private readonly runner: TaskRunner,
    private readonly analysis: MedicalAnalysisService,
  ) {}

  @Process({ name: JobName.MedicalAnalysis, concurrency: workerConcurrency(QueueName.Medical) })
  async process(job: Job<JobData<JobName.MedicalAnalysis>>): Promise<void> {
    await this.runner.run(job, async (ctx) =>
      this.analysis.analyse({
        taskId: ctx.taskId,
        // Bull stamps each delivery (retry, hand-back, stalled re-run) with its own start time.
        run: `${ctx.attempt}.${job.processedOn ?? 0}`,
        requester: ctx.meta.requester,
        requestId: ctx.meta.requestId,
        input: { medicalData: ctx.input.medicalData, analysisType: ctx.input.analysisType, patientId: parsePatientId(ctx.input.patientId) },
        signal: ctx.signal,
        bypassCache: ctx.meta.bypassCache,
        progress: (percent, message) => ctx.progress(percent, message),
      }),
    );
  }
}
