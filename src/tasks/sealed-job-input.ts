import type { SealerService } from '../core/crypto/sealer.service';
import { AppError, ErrorCode } from '../core/errors';
import type { JobMeta, SealedJobInput } from './job-payloads';

/**
 * Bull keeps job data in Redis in clear text, while a job waits (a scheduled one for days), runs
 * and, when it failed, for a day after. Every job input is the caller's own text (a general query
 * naming a patient, SQL quoting an SSN, clinical notes, code with a patient's SSN in a fixture),
 * so it is sealed: Bull stores `{sealed}` and the task runner opens it for the processor. It is
 * sealed for its kind and requester: copied into a job of another user (by whoever can write to
 * Redis) it does not open, and a job without a sealed input does not run.
 */
export function sealJobInput<T>(sealer: SealerService, meta: Pick<JobMeta, 'kind' | 'requester'>, input: T): SealedJobInput {
  return { sealed: sealer.seal(input, inputContext(meta)) };
}

/** The input as the processor reads it. */
export function openJobInput<T>(sealer: SealerService, meta: Pick<JobMeta, 'kind' | 'requester'>, input: T | SealedJobInput): T {
  try {
    if (!isSealed(input)) throw new Error('not sealed');
    return sealer.open<T>(input.sealed, inputContext(meta));
  } catch {
    // Permanent: retrying cannot fix a key that differs between the API and this worker, nor a payload not sealed for this job.
    throw new AppError(
      ErrorCode.Internal,
      'The task payload could not be unsealed for this job: PHI_ENCRYPTION_KEY must be the same for the API and the workers',
    );
  }
}

function inputContext(meta: Pick<JobMeta, 'kind' | 'requester'>): string {
  return `job:${meta.kind}:${meta.requester.userId}`;
}

function isSealed(input: unknown): input is SealedJobInput {
  return typeof input === 'object' && input !== null && Object.keys(input).length === 1 && typeof (input as SealedJobInput).sealed === 'string';
}
