import { Injectable, Logger } from '@nestjs/common';
import type { JobCounts } from 'bull';
import { withTimeout } from '../../shared/async';
import { MetricsService } from './metrics.service';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'paused'] as const;
/** A scrape must answer even when Redis hangs; Prometheus times out at 10 s by default. */
export const QUEUE_COUNT_TIMEOUT_MS = 2000;

/** A queue as the scrape sees it (Bull's Queue fits). */
export interface CountedQueue {
  readonly name: string;
  getJobCounts(): Promise<JobCounts>;
}

/** The queues to count. Core knows none: the task layer provides this token (QueueRegistry). */
export abstract class QueueDepthSource {
  abstract all(): { queue: CountedQueue }[];
}

/**
 * Fills the queue depth gauge at scrape time from Bull's own counts (one LLEN/ZCARD batch per
 * queue), so the number is as fresh as the scrape and costs nothing between scrapes. A queue
 * whose counts cannot be read in time is left out rather than reported as empty.
 */
@Injectable()
export class QueueDepthCollector {
  private readonly logger = new Logger(QueueDepthCollector.name);
  private readonly queues: CountedQueue[];

  constructor(
    private readonly metrics: MetricsService,
    queues: QueueDepthSource,
  ) {
    this.queues = queues.all().map((q) => q.queue);
  }

  async collect(timeoutMs = QUEUE_COUNT_TIMEOUT_MS): Promise<void> {
    await Promise.all(
      this.queues.map(async (queue) => {
        const counts = await withTimeout(queue.getJobCounts(), timeoutMs).catch(() => undefined);
        if (!counts) {
          for (const state of STATES) this.metrics.queueDepth.remove({ queue: queue.name, state });
          this.logger.warn({ queue: queue.name }, 'Queue counts unavailable for the metrics scrape');
          return;
        }
        const all = counts as JobCounts & { paused?: number };
        for (const state of STATES) this.metrics.queueDepth.set({ queue: queue.name, state }, all[state] ?? 0);
      }),
    );
  }
}
