import { Module } from '@nestjs/common';
import { TasksModule } from '../../tasks/tasks.module';
import { MetricsController } from './metrics.controller';
import { QueueDepthCollector } from './queue-depth.collector';

/**
 * GET /metrics for every role (workers listen for probes and scrapes too). Kept apart from the
 * global MetricsModule, which only holds the registry, because reading queue depth needs Bull.
 */
@Module({
  imports: [TasksModule],
  controllers: [MetricsController],
  providers: [QueueDepthCollector],
})
export class MetricsEndpointModule {}
