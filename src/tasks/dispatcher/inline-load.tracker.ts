import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DurationSamples } from './duration-samples';

/** Fewer samples than this in the window say nothing about a kind's p95. */
const MIN_SAMPLES = 20;
const REFRESH_MS = 5000;

/**
 * What adaptive routing measures: inline work in flight in this process, and the p95 duration
 * of each kind of work within the sample window (DurationSamples, shared through Redis with the
 * other replicas and the workers' background runs). The p95 is recomputed every few seconds in
 * the background, never on the request path; a kind with too few recent samples has none, so a
 * kind diverted during an outage comes back once the outage's samples age out.
 */
@Injectable()
export class InlineLoadTracker implements OnModuleDestroy {
  private readonly logger = new Logger(InlineLoadTracker.name);
  private inFlightCount = 0;
  private readonly p95 = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  // Kinds answered inline anywhere: a fresh replica learns the others' p95 before serving one itself.
  private readonly kinds = new Set<string>(['query', 'database']);

  constructor(private readonly samples: DurationSamples) {
    this.timer = setInterval(() => void this.refresh(), Math.min(REFRESH_MS, Math.max(100, samples.windowMs / 4)));
    this.timer.unref();
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  p95Seconds(kind: string): number | undefined {
    return this.p95.get(kind);
  }

  async track<T>(kind: string, work: () => Promise<T>): Promise<T> {
    this.inFlightCount++;
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.inFlightCount--;
      this.record(kind, (performance.now() - started) / 1000);
    }
  }

  record(kind: string, seconds: number): void {
    this.kinds.add(kind);
    this.samples.record(kind, seconds);
  }

  async refresh(): Promise<void> {
    await this.samples.flush();
    for (const kind of this.kinds) {
      try {
        const values = (await this.samples.read(kind)).sort((a, b) => a - b);
        if (values.length >= MIN_SAMPLES) this.p95.set(kind, values[Math.floor(values.length * 0.95) - 1]);
        else this.p95.delete(kind);
      } catch {
        this.logger.debug('Could not refresh routing durations');
      }
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
