import { Injectable } from '@nestjs/common';
import { AppConfigService } from '../../core/config';
import { SealerService } from '../../core/crypto/sealer.service';
import { AppError, ErrorCode } from '../../core/errors';
import { JobData, JobMeta, JobPayloads, Requester } from '../job-payloads';
import { JOB_KIND, JobName } from '../queue-names';
import { DelayedTaskQuota } from '../delayed-task-quota.service';
import { QueueRegistry } from '../queue-registry.service';
import { BULL_PRIORITY, TaskPriority, TaskStatus } from '../task-status';
import { newTaskId, TaskStore } from '../task-store.service';
import { withTimeout } from '../../shared/async';
import { InlineLoadTracker } from './inline-load.tracker';
import { sealJobInput } from '../sealed-job-input';
import { RouteInput, RoutingDecision, RoutingRule, background, inline } from './routing';

export interface EnqueueOptions {
  requester: Requester;
  requestId?: string;
  routing: RoutingDecision;
  priority?: TaskPriority;
  delayMs?: number;
  bypassCache?: boolean;
}

export interface TaskAccepted {
  taskId: string;
  status: TaskStatus.Pending;
}

/** Default priority per kind: medical work overtakes the rest unless the caller says otherwise. */
const DEFAULT_PRIORITY: Record<string, TaskPriority> = { medical: 'high', query: 'normal', database: 'normal', code: 'normal' };
const ENQUEUE_TIMEOUT_MS = 3000;

/**
 * The seed's decision logic in one place: what is answered inline and what goes to a worker,
 * and why. It also owns enqueueing, so a task record and its Bull job are created together.
 */
@Injectable()
export class DispatcherService {
  /** Replaceable in unit specs. */
  random: () => number = Math.random;

  constructor(
    private readonly config: AppConfigService,
    private readonly store: TaskStore,
    private readonly load: InlineLoadTracker,
    private readonly queues: QueueRegistry,
    private readonly sealer: SealerService,
    private readonly delayed: DelayedTaskQuota,
  ) {}

  route(input: RouteInput): RoutingDecision {
    const structural = this.structural(input);
    if (structural.mode === 'background' || (input.kind === 'query' && input.queryType === 'system')) return structural;
    return this.adaptive(input.kind, structural);
  }

  private structural(input: RouteInput): RoutingDecision {
    const tasks = this.config.all.tasks;
    if (input.forceBackground) return background(RoutingRule.UseCelery, 'use_celery was true: the request asked for background processing');
    switch (input.kind) {
      case 'medical':
        return background(RoutingRule.AlwaysBackground, 'Medical analysis always runs in the background');
      case 'code':
        return background(RoutingRule.AlwaysBackground, 'Code analysis always runs in the background');
      case 'query':
        if (input.queryType === 'system') return inline(RoutingRule.SystemQuery, 'System questions are answered from live state without the LLM');
        if (input.queryType === 'code') return background(RoutingRule.AlwaysBackground, 'Code analysis always runs in the background');
        if (input.queryType === 'medical') return background(RoutingRule.AlwaysBackground, 'Medical questions always run in the background');
        if (input.length > tasks.inlineQueryMaxChars) {
          return background(RoutingRule.LongQuery, `The query is ${input.length} characters, over the inline limit of ${tasks.inlineQueryMaxChars}`);
        }
        if (input.queryType === 'database') {
          return background(RoutingRule.NaturalLanguageDatabase, 'A natural-language database request needs the LLM and tools');
        }
        return inline(RoutingRule.ShortQuery, `The query is ${input.length} characters, within the inline limit of ${tasks.inlineQueryMaxChars}`);
      case 'database':
        if (input.sqlFeatures === null) {
          return background(RoutingRule.NaturalLanguageDatabase, 'A natural-language database request needs the LLM and tools');
        }
        if (input.sqlFeatures.length > 0) {
          return background(RoutingRule.ComplexSql, `The SQL is complex (${input.sqlFeatures.join(', ')})`);
        }
        return inline(RoutingRule.SimpleSql, 'A simple single-table SELECT');
    }
  }

  /** Inline work still goes to the background when the process is busy or the kind is slow. */
  private adaptive(kind: string, decision: RoutingDecision): RoutingDecision {
    const tasks = this.config.all.tasks;
    if (this.load.inFlight >= tasks.inlineMaxInFlight) {
      return background(RoutingRule.InFlightLimit, `${this.load.inFlight} inline requests are in flight (limit ${tasks.inlineMaxInFlight})`);
    }
    const p95 = this.load.p95Seconds(kind);
    if (p95 !== undefined && p95 > tasks.inlineMaxP95Seconds) {
      const slow = `Recent ${kind} requests took ${p95.toFixed(1)} s at p95 (limit ${tasks.inlineMaxP95Seconds} s)`;
      // A few still run inline: without them only background runs would say when it is fast again.
      if (this.random() < tasks.inlineProbeRatio) return inline(RoutingRule.InlineProbe, `${slow}; answered inline as a probe`);
      return background(RoutingRule.SlowKind, slow);
    }
    return decision;
  }

  /** Runs inline work while counting it for adaptive routing. */
  trackInline<T>(kind: string, work: () => Promise<T>): Promise<T> {
    return this.load.track(kind, work);
  }

  async enqueue<N extends JobName>(job: N, input: JobPayloads[N], options: EnqueueOptions): Promise<TaskAccepted> {
    const taskId = newTaskId();
    const kind = JOB_KIND[job];
    const priority = options.priority ?? DEFAULT_PRIORITY[kind];
    const meta: JobMeta = {
      taskId,
      kind,
      requester: options.requester,
      requestId: options.requestId,
      priority,
      submittedAt: new Date().toISOString(),
      ...(options.bypassCache ? { bypassCache: true } : {}),
    };
    const data: JobData<N> = { meta, input: sealJobInput(this.sealer, meta, input) };
    const owner = options.requester.userId;
    const delayMs = options.delayMs && options.delayMs > 0 ? options.delayMs : undefined;
    if (delayMs) await this.delayed.claim(owner, taskId, Date.now() + delayMs);
    try {
      await this.createAndQueue(job, data, options, delayMs);
    } catch (error) {
      if (delayMs) await this.delayed.release(owner, taskId);
      throw error;
    }
    return { taskId, status: TaskStatus.Pending };
  }

  /** The record, then its job; a job that cannot be queued takes its record with it. */
  private async createAndQueue<N extends JobName>(job: N, data: JobData<N>, options: EnqueueOptions, delayMs: number | undefined): Promise<void> {
    const { taskId, kind, priority } = data.meta;
    await this.store.create({
      taskId,
      kind,
      owner: options.requester.userId,
      requestId: options.requestId,
      routing: options.routing,
      priority,
      delaySeconds: delayMs ? Math.ceil(delayMs / 1000) : undefined,
    });
    try {
      await withTimeout(
        this.queues.forJob(job).add(job, data, {
          jobId: taskId,
          priority: BULL_PRIORITY[priority],
          delay: delayMs,
        }),
        ENQUEUE_TIMEOUT_MS,
      );
    } catch (error) {
      // Nothing half-written: without its job the record would sit in PENDING forever.
      await this.store.discard(taskId);
      throw new AppError(ErrorCode.QueueUnavailable, 'The task queue is unavailable; the task was not accepted, retry shortly', {
        transient: true,
        retryAfterSeconds: 2,
        cause: error,
      });
    }
  }
}
