import { HealthIndicatorService } from '@nestjs/terminus';
import type { ModuleRef } from '@nestjs/core';
import type { LlmService } from '../core/llm/llm.service';
import type { McpClient } from '../core/mcp/mcp-client';
import type { RedisService } from '../core/redis/redis.service';
import type { WorkerRegistry } from '../tasks/worker-registry.service';
import { DependencyIndicators } from './health-indicators';

describe('DependencyIndicators (readiness)', () => {
  afterEach(() => jest.useRealTimers());

  it('answers a flood of public probes with one MCP ping per two seconds, not one per probe', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    let pings = 0;
    const mcp = {
      status: () => [{ name: 'medcor-tools', connected: true, toolCount: 9 }],
      isAvailable: () => true,
      ping: async () => {
        pings++;
        return true;
      },
    } as unknown as McpClient;
    const sut = new DependencyIndicators(new HealthIndicatorService(), {} as RedisService, mcp, {} as WorkerRegistry, {} as LlmService, {} as ModuleRef);

    const first = await Promise.all(Array.from({ length: 50 }, () => sut.mcpUp()));
    expect(first.every((r) => r.mcp.status === 'up')).toBe(true);
    // Counts only: the probe is public.
    expect(JSON.stringify(first[0])).not.toContain('medcor-tools');
    expect(first[0].mcp).toMatchObject({ servers: { configured: 1, connected: 1 } });
    expect(pings).toBe(1);
    jest.advanceTimersByTime(1500);
    await sut.mcpUp();
    expect(pings).toBe(1);
    jest.advanceTimersByTime(600);
    await sut.mcpUp();
    expect(pings).toBe(2);
  });
});
