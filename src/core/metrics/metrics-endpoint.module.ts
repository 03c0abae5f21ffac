import { DynamicModule, Module } from '@nestjs/common';
import type { ModuleMetadata } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { QueueDepthCollector } from './queue-depth.collector';

/**
 * GET /metrics for every role (workers listen for probes and scrapes too). Kept apart from the
 * global MetricsModule, which only holds the registry, because reading queue depth needs the
 * queues: `imports` is the module that provides QueueDepthSource (TasksModule), passed in by the
 * app module, so core imports nothing of tasks.
 */
@Module({})
export class MetricsEndpointModule {
  static forRoot(imports: ModuleMetadata['imports']): DynamicModule {
    return { module: MetricsEndpointModule, imports, controllers: [MetricsController], providers: [QueueDepthCollector] };
  }
}
