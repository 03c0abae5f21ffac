import { Controller, Get, Header, Headers } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Registry } from 'prom-client';
import { Public } from '../auth';
import { AppConfigService } from '../config';
import { AppError, ErrorCode } from '../errors';
import { configuredMetricsToken, metricsAuthorized } from './metrics-token';
import { MetricsService } from './metrics.service';
import { QueueDepthCollector } from './queue-depth.collector';

/**
 * Prometheus scrape endpoint, outside /api/ai and outside Swagger. Public to the JWT guard
 * (Prometheus has no user token); optionally protected by the static METRICS_TOKEN bearer.
 */
@ApiExcludeController()
@SkipThrottle()
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly token: string | undefined;

  constructor(
    private readonly metrics: MetricsService,
    private readonly queues: QueueDepthCollector,
    config: AppConfigService,
  ) {
    this.token = configuredMetricsToken(config.all);
  }

  @Get()
  @Header('cache-control', 'no-store')
  @Header('content-type', Registry.PROMETHEUS_CONTENT_TYPE)
  async scrape(@Headers('authorization') authorization?: string): Promise<string> {
    if (!metricsAuthorized(this.token, authorization)) {
      throw new AppError(ErrorCode.Unauthorized, 'The metrics endpoint needs Authorization: Bearer <METRICS_TOKEN>');
    }
    await this.queues.collect();
    return this.metrics.registry.metrics();
  }
}
