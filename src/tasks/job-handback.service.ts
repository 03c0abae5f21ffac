import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bull';
import type Redis from 'ioredis';
import { AppError, ErrorCode } from '../core/errors';

/**
 * KEYS: lock, active, wait, paused, meta · ARGV: lock token, job id → 1 handed back, 0 not ours.
 * What Bull's stalled check does for a dead worker's job, done at once by a worker that is
 * stopping: only for a job whose lock this worker still holds, to the head of the waiting list
 * (Bull consumes from the right), attempts unchanged.
 */
const HAND_BACK = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if redis.call('LREM', KEYS[2], 0, ARGV[2]) == 0 then return 0 end
redis.call('DEL', KEYS[1])
local target = KEYS[3]
if redis.call('HEXISTS', KEYS[5], 'paused') == 1 then target = KEYS[4] end
redis.call('RPUSH', target, ARGV[2])
return 1
`;

/** Why a handed-back run stops: the runner writes nothing for it (another worker runs it now). */
export class HandedBackError extends AppError {
  constructor() {
    super(ErrorCode.Cancelled, 'This worker is stopping; the job went back to its queue');
  }
}

interface BullQueueInternals {
  client: Redis;
  token: string;
  keys: Record<'active' | 'wait' | 'paused' | 'meta', string>;
}

/**
 * The jobs running in this process, so a worker being stopped (scale-down, rollout) can hand
 * the ones still running at the end of its shutdown grace back to the queue at once, instead of
 * another worker restarting them only after the lock expires and the stalled check runs.
 */
@Injectable()
export class JobHandback {
  private readonly logger = new Logger(JobHandback.name);
  private readonly running = new Map<Job, AbortController>();
  private isStopping = false;

  track(job: Job, controller: AbortController): () => void {
    this.running.set(job, controller);
    return () => this.running.delete(job);
  }

  get size(): number {
    return this.running.size;
  }

  /** True once this process hands its jobs back: it is stopping and runs nothing more. */
  get stopping(): boolean {
    return this.isStopping;
  }

  /** Hands every job still running here back to its queue and stops its run; how many. */
  async handBackAll(): Promise<number> {
    this.isStopping = true;
    const moved = await Promise.all(
      [...this.running].map(async ([job, controller]) => {
        if (!(await this.moveBack(job))) return 0;
        controller.abort(new HandedBackError());
        this.running.delete(job);
        return 1;
      }),
    );
    const count = moved.reduce<number>((a, b) => a + b, 0);
    if (count) this.logger.warn({ jobs: count }, 'Handed running jobs back to their queues: another worker starts them now');
    return count;
  }

  /**
   * Puts a job this process holds back in its queue. Also for a job that reaches this process
   * after the hand-back: a blocking pop already waiting when the queue was paused can take the
   * very job just handed back.
   */
  async moveBack(job: Job): Promise<boolean> {
    const queue = job.queue as unknown as BullQueueInternals;
    const { active, wait, paused, meta } = queue.keys;
    const done = await queue.client.eval(HAND_BACK, 5, job.lockKey(), active, wait, paused, meta, queue.token, String(job.id)).catch(() => 0);
    return done === 1;
  }
}
