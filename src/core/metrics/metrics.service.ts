import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every Prometheus metric the service exports, in one registry. Callers record through the
 * small methods below so label names stay consistent.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'medcor_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'medcor_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });
  readonly taskDuration = new Histogram({
    name: 'medcor_task_duration_seconds',
    help: 'Background task duration by type and outcome',
    labelNames: ['type', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });
  readonly taskRetries = new Counter({
    name: 'medcor_task_retries_total',
    help: 'Task attempts that failed transiently and were retried',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly llmCalls = new Counter({
    name: 'medcor_llm_calls_total',
    help: 'LLM calls by model and outcome',
    labelNames: ['model', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly llmLatency = new Histogram({
    name: 'medcor_llm_latency_seconds',
    help: 'LLM call latency by model',
    labelNames: ['model'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly llmTokens = new Counter({
    name: 'medcor_llm_tokens_total',
    help: 'LLM tokens by model and kind (input|output)',
    labelNames: ['model', 'kind'] as const,
    registers: [this.registry],
  });
  readonly mcpCalls = new Counter({
    name: 'medcor_mcp_tool_calls_total',
    help: 'MCP tool calls by tool and outcome',
    labelNames: ['tool', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly cacheLookups = new Counter({
    name: 'medcor_cache_lookups_total',
    help: 'Result cache lookups by cache and outcome (hit|miss)',
    labelNames: ['cache', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'medcor_process_' });
  }
}
