import { Injectable } from '@nestjs/common';
import { AppConfigService } from '../core/config';
import { AppError, ErrorCode } from '../core/errors';
import { RedisService } from '../core/redis/redis.service';

/**
 * KEYS: the owner's set · ARGV: now (ms), due (ms), task id, cap → 1 claimed, 0 at the cap.
 * Entries already due no longer count and go first; the set lives until its latest entry is due.
 */
const CLAIM_DELAYED_SLOT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], math.floor(tonumber(last[2])) + 1000)
return 1
`;

/**
 * The per-user cap on tasks submitted with `run_at` / `delay_seconds` that are not yet due
 * (DELAYED_TASKS_PER_USER_MAX): each keeps its record, its open-index entry and its sealed job in
 * Redis until it runs, up to 30 days, so one user must not be able to park an unbounded number.
 * One sorted set per user (`<prefix>:tasks:delayed:<user>`, score: when the task falls due),
 * claimed by one script on one key (one slot on a cluster), atomic across replicas as the
 * schedules' cap is. A task leaves the count when it falls due, or at once when it is cancelled
 * or never queued; one the sweeper ends early counts until its due time.
 */
@Injectable()
export class DelayedTaskQuota {
  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfigService,
  ) {}

  /** Counts the task against its owner's cap until `dueAt` (ms); 409 when the owner is at the cap. */
  async claim(owner: string, taskId: string, dueAt: number): Promise<void> {
    const max = this.config.all.tasks.delayedPerUserMax;
    const claimed = await RedisService.guard(() => this.redis.client.eval(CLAIM_DELAYED_SLOT, 1, this.key(owner), Date.now(), dueAt, taskId, max));
    if (claimed !== 1) {
      throw new AppError(
        ErrorCode.Conflict,
        `You already have ${max} tasks waiting for their run_at or delay_seconds, the most one user may have; cancel one or wait until one is due`,
        { details: { delayed_tasks_per_user_max: max } },
      );
    }
  }

  /** Frees the task's place (cancelled, or never queued); best effort: it frees itself when due. */
  async release(owner: string, taskId: string): Promise<void> {
    await this.redis.client.zrem(this.key(owner), taskId).catch(() => undefined);
  }

  private key(owner: string): string {
    return this.redis.key('tasks', 'delayed', owner);
  }
}
