import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Job, JobOptions, Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { assertMayUse, AuthenticatedUser, UserRolesLedger } from '../core/auth';
import { AppConfigService } from '../core/config';
import { SealerService } from '../core/crypto/sealer.service';
import { ThrottleKeys, userTracker } from '../core/http/throttle-keys';
import { MINUTE_MS } from '../core/http/throttling.module';
import { background, RoutingRule } from '../tasks/dispatcher/routing';
import { AppError, ErrorCode } from '../core/errors';
import { RedisService } from '../core/redis/redis.service';
import { JobData, JobMeta } from '../tasks/job-payloads';
import { JobName, QueueName } from '../tasks/queue-names';
import { sealJobInput } from '../tasks/sealed-job-input';
import { TaskRepeatHook } from '../tasks/task-hooks';
import { BULL_PRIORITY, TaskPriority } from '../tasks/task-status';
import { TaskStatus } from '../tasks/task-status';
import { newTaskId, TaskStore } from '../tasks/task-store.service';
import { AccessPath, mayUse } from '../shared/policy';
import { CreateScheduleDto, ScheduleDto } from './dto/schedule.dto';
import { assertCronInterval } from './cron-interval';

/** The per-user submit limit's store, in the worker: a run counts against its owner's limit. */
export const SCHEDULE_RUN_LIMITS = Symbol('SCHEDULE_RUN_LIMITS');

const RECENT_RUNS = 20;
/** Every run is a background general query (query_type general). */
const SCHEDULE_RUNS_PATH = AccessPath.GeneralQuery;

interface StoredSchedule extends ScheduleText {
  id: string;
  owner: string;
  roles: string[];
  cron: string;
  timezone: string;
  priority: TaskPriority;
  paused: boolean;
  /** Why the service paused it (roles lost, owner unseen); absent when the owner paused it. */
  pausedReason?: string;
  createdAt: string;
}

/** The caller's own text, which can name a patient: sealed at rest (`sealed` in Redis). */
interface ScheduleText {
  name?: string;
  query: string;
  context?: Record<string, unknown>;
}

/** A repeatable job's meta names its schedule; each run gets its own task id when it starts. */
export interface ScheduledJobMeta extends JobMeta {
  scheduleId: string;
}

/**
 * Recurring general queries on Bull's repeatable jobs (`repeat: {cron, tz}`, jobId = schedule
 * id). The definition lives in Redis (`<prefix>:schedule:<id>`), owned by its creator; pausing
 * removes the repeatable job and resuming adds it back. Bull repeats one job's data, so the task
 * of each run is created when the run starts (`startRun`, called by the task runner), recorded
 * once per Bull job (a retried run keeps its task) and listed as the schedule's recent runs.
 */
@Injectable()
export class ScheduleService implements TaskRepeatHook {
  private readonly log = new Logger(ScheduleService.name);
  private readonly throttleKeys = new ThrottleKeys();

  constructor(
    private readonly redis: RedisService,
    private readonly store: TaskStore,
    @InjectQueue(QueueName.AiQuery) private readonly queue: Queue,
    private readonly config: AppConfigService,
    private readonly ledger: UserRolesLedger,
    private readonly sealer: SealerService,
    @Optional() @Inject(SCHEDULE_RUN_LIMITS) private readonly runLimits?: ThrottlerStorage,
  ) {}

  async create(dto: CreateScheduleDto, user: AuthenticatedUser): Promise<ScheduleDto> {
    // A schedule is the creator's query run later: it needs the role of the path it runs.
    assertMayUse(SCHEDULE_RUNS_PATH, user.roles);
    if (dto.priority === 'high') assertMayUse(AccessPath.HighPriority, user.roles);
    const timezone = dto.timezone ?? 'UTC';
    assertTimeZone(timezone);
    assertCronInterval(dto.cron.trim(), timezone, this.config.all.schedules.minIntervalSeconds);
    const schedule: StoredSchedule = {
      id: randomUUID(),
      owner: user.userId,
      roles: user.roles,
      name: dto.name,
      cron: dto.cron.trim(),
      timezone,
      query: dto.query,
      context: dto.context,
      priority: dto.priority ?? 'low',
      paused: false,
      createdAt: new Date().toISOString(),
    };
    await this.claimSlot(user.userId, schedule.id);
    try {
      await this.addRepeatable(schedule);
      await this.save(schedule);
    } catch (error) {
      await this.redis.client.srem(this.ownerKey(user.userId), schedule.id).catch(() => undefined);
      throw error;
    }
    return this.toDto(schedule);
  }

  /** Adds the id to the owner's set unless that would pass the per-user cap (atomic across replicas). */
  private async claimSlot(userId: string, id: string): Promise<void> {
    const max = this.config.all.schedules.perUserMax;
    const added = await RedisService.guard(() =>
      this.redis.client.eval(
        "if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end redis.call('SADD', KEYS[1], ARGV[1]) return 1",
        1,
        this.ownerKey(userId),
        id,
        max,
      ),
    );
    if (added !== 1) {
      throw new AppError(ErrorCode.Conflict, `You already have ${max} schedules, the most one user may keep; delete one first`, {
        details: { schedules_per_user_max: max },
      });
    }
  }

  async list(user: AuthenticatedUser): Promise<ScheduleDto[]> {
    const ids = await RedisService.guard(() => this.redis.client.smembers(this.ownerKey(user.userId)));
    const schedules = (await Promise.all(ids.map((id) => this.load(id)))).filter((s): s is StoredSchedule => s !== null && s.owner === user.userId);
    schedules.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return Promise.all(schedules.map((s) => this.toDto(s)));
  }

  async get(id: string, user: AuthenticatedUser): Promise<ScheduleDto> {
    return this.toDto(await this.owned(id, user));
  }

  async setPaused(id: string, user: AuthenticatedUser, paused: boolean): Promise<ScheduleDto> {
    const schedule = await this.owned(id, user);
    if (schedule.paused !== paused) {
      // Resuming confirms the owner's roles as they are now; runs never use more than these.
      if (!paused) schedule.roles = user.roles;
      if (paused) await this.removeRepeatable(schedule);
      else await this.addRepeatable(schedule);
      schedule.paused = paused;
      delete schedule.pausedReason;
      await this.save(schedule);
    }
    return this.toDto(schedule);
  }

  async remove(id: string, user: AuthenticatedUser): Promise<void> {
    const schedule = await this.owned(id, user);
    await this.removeRepeatable(schedule);
    await RedisService.guard(() =>
      Promise.all([this.redis.client.del(this.key(id), this.runsKey(id)), this.redis.client.srem(this.ownerKey(schedule.owner), id)]),
    );
  }

  /** TaskRepeatHook: the task record for this run of a repeatable job (null: schedule gone or paused). */
  async startRun(job: Job<JobData>): Promise<JobMeta | null> {
    const meta = job.data.meta as Partial<ScheduledJobMeta>;
    if (!meta.scheduleId) return null;
    const schedule = await this.load(meta.scheduleId);
    if (!schedule || schedule.paused || !mayRun(schedule)) return null;
    const roles = await this.currentRoles(schedule);
    if (!roles) return null;
    const runKey = this.redis.key('schedule-run', String(job.id));
    const taskId = newTaskId();
    const claimed = await this.redis.client.set(runKey, taskId, 'EX', 7 * 24 * 3600, 'NX');
    const runTaskId = claimed === 'OK' ? taskId : ((await this.redis.client.get(runKey)) ?? taskId);
    if (claimed === 'OK') {
      await this.store.create({
        taskId: runTaskId,
        kind: 'query',
        owner: schedule.owner,
        routing: background(RoutingRule.Schedule, `Run of schedule ${schedule.id} (${schedule.cron}, ${schedule.timezone})`),
        priority: schedule.priority,
        jobId: String(job.id),
      });
      await this.redis.client.multi().lpush(this.runsKey(schedule.id), runTaskId).ltrim(this.runsKey(schedule.id), 0, RECENT_RUNS - 1).exec();
      if (await this.overSubmitLimit(schedule.owner)) {
        const limit = this.config.all.security.rateLimitSubmitPerMinute;
        const message = `Run skipped: the owner's submit limit (${limit} per minute) was reached`;
        await this.store.finalize(runTaskId, 'query', TaskStatus.Failure, message, { success: false, error: message, code: ErrorCode.RateLimited, attempts: 0 });
        return null;
      }
    }
    return {
      taskId: runTaskId,
      kind: 'query',
      requester: { userId: schedule.owner, roles },
      priority: schedule.priority,
      submittedAt: new Date().toISOString(),
    };
  }

  /**
   * The roles a run may use: the owner's roles as last seen on an authenticated request, which
   * must still include every role the schedule was set up with. Otherwise the schedule is paused
   * with the reason (null), and the owner resumes it to confirm the roles they have now.
   */
  private async currentRoles(schedule: StoredSchedule): Promise<string[] | null> {
    const lost = await this.ledger.lostRoles(schedule.owner, schedule.roles);
    if (lost && lost.length === 0) return schedule.roles;
    const days = Math.round(this.config.all.schedules.ownerUnseenMaxSeconds / 86_400);
    const reason = lost
      ? `Paused: the owner no longer has the role${lost.length > 1 ? 's' : ''} ${lost.join(', ')}`
      : `Paused: the owner has not been seen for ${days} day${days === 1 ? '' : 's'}; resume to confirm`;
    await this.pauseFor(schedule, reason);
    return null;
  }

  private async pauseFor(schedule: StoredSchedule, reason: string): Promise<void> {
    await this.removeRepeatable(schedule);
    schedule.paused = true;
    schedule.pausedReason = reason;
    await this.save(schedule);
    this.log.warn({ scheduleId: schedule.id, reason }, 'Schedule paused by the service');
  }

  /** Counts the run as one background submit of its owner; true when that passes the limit. */
  private async overSubmitLimit(owner: string): Promise<boolean> {
    if (!this.runLimits) return false;
    const limit = this.config.all.security.rateLimitSubmitPerMinute;
    try {
      const hit = await this.runLimits.increment(this.throttleKeys.of('background', userTracker(owner)), MINUTE_MS, limit, MINUTE_MS, 'background');
      return hit.isBlocked;
    } catch {
      return false; // as on the HTTP path, the limiter must not become the outage
    }
  }

  private async addRepeatable(schedule: StoredSchedule): Promise<void> {
    const meta: ScheduledJobMeta = {
      taskId: '',
      kind: 'query',
      requester: { userId: schedule.owner, roles: schedule.roles },
      priority: schedule.priority,
      submittedAt: schedule.createdAt,
      scheduleId: schedule.id,
    };
    const input = sealJobInput(this.sealer, meta, { query: schedule.query, queryType: 'general' as const, context: schedule.context });
    const data: JobData<JobName.AiQuery> = { meta, input };
    const options: JobOptions = { repeat: { cron: schedule.cron, tz: schedule.timezone }, jobId: schedule.id, priority: BULL_PRIORITY[schedule.priority] };
    try {
      await this.queue.add(JobName.AiQuery, data, options);
    } catch (error) {
      if (error instanceof Error && /cron|invalid|expression|range/i.test(error.message)) {
        throw new AppError(ErrorCode.ValidationFailed, `cron: ${error.message}`, { details: [{ field: 'cron', message: error.message }] });
      }
      throw new AppError(ErrorCode.QueueUnavailable, 'The task queue is unavailable; retry shortly', { transient: true, retryAfterSeconds: 2, cause: error });
    }
  }

  private async removeRepeatable(schedule: StoredSchedule): Promise<void> {
    await RedisService.guard(() => this.queue.removeRepeatable(JobName.AiQuery, { cron: schedule.cron, tz: schedule.timezone, jobId: schedule.id }));
  }

  private async nextRunAt(schedule: StoredSchedule): Promise<string | null> {
    if (schedule.paused) return null;
    const jobs = await this.queue.getRepeatableJobs().catch(() => []);
    const mine = jobs.find((j) => j.id === schedule.id);
    return mine?.next ? new Date(mine.next).toISOString() : null;
  }

  private async owned(id: string, user: AuthenticatedUser): Promise<StoredSchedule> {
    const schedule = await this.load(id);
    if (!schedule || schedule.owner !== user.userId) throw new AppError(ErrorCode.NotFound, `Schedule ${id} not found`);
    return schedule;
  }

  private async load(id: string): Promise<StoredSchedule | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const raw = await RedisService.guard(() => this.redis.client.get(this.key(id)));
    if (!raw) return null;
    const { sealed, ...stored } = JSON.parse(raw) as StoredSchedule & { sealed?: string };
    if (sealed) return { ...stored, ...this.sealer.open<ScheduleText>(sealed, textContext(stored)) };
    // Saved by a version before schedule text was sealed: name, query and context are in clear.
    // Sealed now, on the first read (a run, a list, a get), so the clear copy does not outlive it;
    // only if the record is still the one read (a concurrent pause or delete is not undone).
    await RedisService.guard(() => this.redis.client.eval(REPLACE_IF_UNCHANGED, 1, this.key(id), raw, this.serialise(stored)));
    return stored;
  }

  private async save(schedule: StoredSchedule): Promise<void> {
    await RedisService.guard(() => this.redis.client.set(this.key(schedule.id), this.serialise(schedule)));
  }

  /** The stored form: the schedule with its text sealed for itself and its owner. */
  private serialise(schedule: StoredSchedule): string {
    const { name, query, context, ...rest } = schedule;
    const text: ScheduleText = { name, query, context };
    return JSON.stringify({ ...rest, sealed: this.sealer.seal(text, textContext(schedule)) });
  }

  private async toDto(s: StoredSchedule): Promise<ScheduleDto> {
    const [recent, next] = await Promise.all([RedisService.guard(() => this.redis.client.lrange(this.runsKey(s.id), 0, RECENT_RUNS - 1)), this.nextRunAt(s)]);
    return {
      schedule_id: s.id,
      name: s.name,
      cron: s.cron,
      timezone: s.timezone,
      query: s.query,
      priority: s.priority,
      state: s.paused ? 'paused' : 'active',
      paused_reason: s.pausedReason ?? null,
      created_at: s.createdAt,
      next_run_at: next,
      recent_task_ids: recent,
    };
  }

  private key(id: string): string {
    return this.redis.key('schedule', this.redis.tag(id));
  }

  private runsKey(id: string): string {
    return this.redis.key('schedule', this.redis.tag(id), 'runs');
  }

  private ownerKey(userId: string): string {
    return this.redis.key('schedules', userId);
  }
}

/** KEYS: record · ARGV: the value read, the new value. Replaces the record only if unchanged. */
const REPLACE_IF_UNCHANGED = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2]) end return 0";

/** A schedule's text opens only in its own record, for its own owner. */
function textContext(schedule: Pick<StoredSchedule, 'id' | 'owner'>): string {
  return `schedule:${schedule.id}:${schedule.owner}`;
}

function assertTimeZone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new AppError(ErrorCode.ValidationFailed, `timezone: ${timezone} is not an IANA time zone`, {
      details: [{ field: 'timezone', message: 'expected an IANA time zone such as Europe/Paris' }],
    });
  }
}

/**
 * Each run is judged again by the current policy with the roles the owner had at creation: a
 * policy that closes a path (or high priority) to those roles also stops the runs.
 */
function mayRun(schedule: StoredSchedule): boolean {
  return mayUse(SCHEDULE_RUNS_PATH, schedule.roles) && (schedule.priority !== 'high' || mayUse(AccessPath.HighPriority, schedule.roles));
}
