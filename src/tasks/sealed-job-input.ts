import type { SealerService } from '../core/crypto/sealer.service';
import { AppError, ErrorCode } from '../core/errors';
import type { SealedJobInput } from './job-payloads';
import { TaskKind } from './queue-names';
import { sealsResultsOf } from './task-store.service';

/**
 * Bull keeps job data in Redis in clear text, while a job waits (a scheduled one for days), runs
 * and, when it failed, for a day after. A kind whose results are sealed carries the caller's own
 * text (a general query naming a patient, SQL quoting an SSN, clinical notes), so its job input
 * is sealed too: Bull stores `{sealed}` and the task runner opens it for the processor.
 */
export function sealJobInput<T>(sealer: SealerService, kind: TaskKind, input: T): T | SealedJobInput {
  return sealsResultsOf(kind) ? { sealed: sealer.seal(input) } : input;
}

/** The input as the processor reads it; a job queued before inputs were sealed is read as it is. */
export function openJobInput<T>(sealer: SealerService, input: T | SealedJobInput): T {
  if (!isSealed(input)) return input;
  try {
    return sealer.open<T>(input.sealed);
  } catch {
    // Permanent: retrying cannot fix a key that differs between the API and this worker.
    throw new AppError(ErrorCode.Internal, 'The task payload could not be unsealed: PHI_ENCRYPTION_KEY must be the same for the API and the workers');
  }
}

function isSealed(input: unknown): input is SealedJobInput {
  return typeof input === 'object' && input !== null && Object.keys(input).length === 1 && typeof (input as SealedJobInput).sealed === 'string';
}
