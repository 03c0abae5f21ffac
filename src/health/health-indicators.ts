import { getQueueToken } from '@nestjs/bull';
import { Injectable, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthIndicatorService } from '@nestjs/terminus';
import { LlmService } from '../core/llm/llm.service';
import { McpClient } from '../core/mcp/mcp-client';
import { RedisService } from '../core/redis/redis.service';
import { ALL_QUEUES } from '../tasks/queue-names';
import { WorkerHeartbeat, WorkerRegistry } from '../tasks/worker-registry.service';
import type { Queue } from 'bull';
import { withTimeout } from '../shared/async';

const CHECK_TIMEOUT_MS = 1000;
/**
 * The readiness probe is public and unthrottled: one MCP ping answers every probe of this long, so
 * a flood of probes costs the tools server one ping per process per interval, not one per probe.
 */
const MCP_PING_REUSE_MS = 2000;

/** Terminus indicators for readiness: each with its own timeout, none can hang a probe. */
@Injectable()
export class DependencyIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly redis: RedisService,
    private readonly mcp: McpClient,
    private readonly workers: WorkerRegistry,
    private readonly llm: LlmService,
    private readonly moduleRef: ModuleRef,
    @Optional() private readonly heartbeat?: WorkerHeartbeat,
  ) {}

  private mcpPing?: { at: number; ok: Promise<boolean> };

  /** A worker process consumes queues; an API-only process does not. */
  get isWorker(): boolean {
    return this.heartbeat !== undefined;
  }

  /** In a worker: every queue it consumes has its Redis connection ready (else it takes no job). */
  queuesUp(key = 'queues') {
    const indicator = this.indicators.check(key);
    const states = Object.fromEntries(
      ALL_QUEUES.map((name) => {
        try {
          return [name, this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }).client.status];
        } catch {
          return [name, 'not registered'];
        }
      }),
    );
    const down = Object.entries(states).filter(([, state]) => state !== 'ready').map(([name]) => name);
    return down.length === 0 ? indicator.up({ queues: states }) : indicator.down({ message: `Queue connection not ready: ${down.join(', ')}`, queues: states });
  }

  async redisUp(key = 'redis') {
    const indicator = this.indicators.check(key);
    const started = performance.now();
    const ok = await checkWithin(this.redis.client.ping().then((r) => r === 'PONG'), CHECK_TIMEOUT_MS);
    const latency_ms = Math.round(performance.now() - started);
    return ok ? indicator.up({ latency_ms }) : indicator.down({ message: 'Redis did not answer PING' });
  }

  async mcpUp(key = 'mcp') {
    const indicator = this.indicators.check(key);
    // Counts only: the probe is public, and server names and the model say how the deployment is built
    // (the authenticated system status names them).
    const status = this.mcp.status();
    const servers = { configured: status.length, connected: status.filter((s) => s.connected).length };
    const ok = this.mcp.isAvailable() && (await this.pingMcp());
    return ok ? indicator.up({ servers }) : indicator.down({ message: 'No MCP server is reachable', servers });
  }

  async workersUp(key = 'workers') {
    const indicator = this.indicators.check(key);
    if (this.heartbeat) {
      // In a worker process: ready while its own heartbeat reaches Redis.
      const age = this.ownHeartbeatAgeMs(this.heartbeat);
      return this.isFresh(age)
        ? indicator.up({ heartbeat_age_ms: age })
        : indicator.down({ message: 'This worker cannot reach Redis', heartbeat_age_ms: age });
    }
    const live = await checkWithin(this.workers.liveCount(), CHECK_TIMEOUT_MS).catch(() => 0);
    const count = typeof live === 'number' ? live : 0;
    return count > 0 ? indicator.up({ live: count }) : indicator.down({ message: 'No queue worker has sent a heartbeat recently', live: 0 });
  }

  llmConfigured(key = 'llm') {
    const indicator = this.indicators.check(key);
    return this.llm.isConfigured()
      ? indicator.up()
      : indicator.down({ message: 'OPENAI_API_KEY is not set' });
  }

  /** The MCP ping, shared by every probe within MCP_PING_REUSE_MS (a ping in flight included). */
  private pingMcp(): Promise<boolean> {
    const now = Date.now();
    if (!this.mcpPing || now - this.mcpPing.at >= MCP_PING_REUSE_MS) {
      this.mcpPing = { at: now, ok: checkWithin(this.mcp.ping(CHECK_TIMEOUT_MS), CHECK_TIMEOUT_MS + 100).then(Boolean) };
    }
    return this.mcpPing.ok;
  }

  private ownHeartbeatAgeMs(heartbeat: WorkerHeartbeat): number {
    return Date.now() - heartbeat.lastBeatAt;
  }

  /** A heartbeat counts while it is younger than three beats (as in WorkerRegistry). */
  private isFresh(ageMs: number): boolean {
    return ageMs < this.workers.staleAfterMs();
  }

  /** The seed's one-line summary, with the same facts. */
  async summary() {
    const [redis, workers, mcp] = await Promise.all([
      checkWithin(this.redis.client.ping().then((r) => r === 'PONG'), CHECK_TIMEOUT_MS).then(Boolean),
      this.heartbeat
        ? Promise.resolve(this.isFresh(this.ownHeartbeatAgeMs(this.heartbeat)) ? 1 : 0)
        : checkWithin(this.workers.liveCount(), CHECK_TIMEOUT_MS).then((n) => (typeof n === 'number' ? n : 0), () => 0),
      Promise.resolve(this.mcp.isAvailable()),
    ]);
    const llm = this.llm.isConfigured();
    const status = !redis ? 'unhealthy' : mcp && workers > 0 && llm ? 'healthy' : 'degraded';
    return { status, redis, workers, mcp, llm };
  }
}

/** Resolves false (never rejects, never hangs) when the check fails or is slow. */
function checkWithin<T>(work: Promise<T>, ms: number): Promise<T | false> {
  return withTimeout(work, ms).catch(() => false as const);
}
