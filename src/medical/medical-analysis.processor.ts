import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { SealerService } from '../core/crypto/sealer.service';
import { AppError, ErrorCode } from '../core/errors';
import { JobData, MedicalJobInput } from '../tasks/job-payloads';
import { JobName, QueueName } from '../tasks/queue-names';
import { TaskRunner } from '../tasks/task-runner.service';
import { workerConcurrency } from '../tasks/worker-concurrency';
import { AnalysisInput, MedicalAnalysisService } from './medical-analysis.service';
import { parsePatientId } from './patient-access.rules';

/** Background medical analyses: opens the sealed payload and hands it to the domain service. */
@Processor(QueueName.Medical)
export class MedicalAnalysisProcessor {
  constructor(
    private readonly runner: TaskRunner,
    private readonly sealer: SealerService,
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
        input: this.open(ctx.input.sealed),
        signal: ctx.signal,
        bypassCache: ctx.meta.bypassCache,
        progress: (percent, message) => ctx.progress(percent, message),
      }),
    );
  }

  private open(sealed: string): AnalysisInput {
    let input: MedicalJobInput;
    try {
      input = this.sealer.open<MedicalJobInput>(sealed);
    } catch {
      // Permanent: retrying cannot fix a key that differs between the API and this worker.
      throw new AppError(ErrorCode.Internal, 'The task payload could not be unsealed: PHI_ENCRYPTION_KEY must be the same for the API and the workers');
    }
    return { medicalData: input.medicalData, analysisType: input.analysisType, patientId: parsePatientId(input.patientId) };
  }
}
