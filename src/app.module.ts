import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AdminModule } from './admin/admin.module';
import { AiModule } from './ai/ai.module';
import { AuditModule } from './audit/audit.module';
import { CodeAnalysisModule } from './code-analysis/code-analysis.module';
import { DatabaseModule } from './database/database.module';
import { MedicalModule } from './medical/medical.module';
import { AuthModule } from './core/auth/auth.module';
import { AllConfig, AppConfigModule } from './core/config';
import { CryptoModule } from './core/crypto/crypto.module';
import { DispatcherModule } from './tasks/dispatcher/dispatcher.module';
import { AllExceptionsFilter } from './core/http/all-exceptions.filter';
import { LoggingModule } from './core/http/logging.module';
import { ShutdownModule } from './core/http/shutdown.module';
import { ThrottlingModule } from './core/http/throttling.module';
import { LlmModule } from './core/llm/llm.module';
import { McpModule } from './core/mcp/mcp.module';
import { MetricsModule } from './core/metrics/metrics.module';
import { MetricsEndpointModule } from './core/metrics/metrics-endpoint.module';
import { RedisModule } from './core/redis/redis.module';
import { HealthModule } from './health/health.module';
import { SchedulesModule } from './schedules/schedules.module';
import { TaskEventsModule } from './tasks/task-events.module';
import { TaskApiModule } from './tasks/task-api.module';
import { TaskWorkerModule } from './tasks/task-worker.module';
import { TasksModule } from './tasks/tasks.module';
import { UsageModule } from './usage/usage.module';
import { WebhooksModule } from './webhooks/webhooks.module';

export interface RoleFlags {
  api: boolean;
  worker: boolean;
}

/**
 * Composes the modules for a process role: `api` serves HTTP, `worker` consumes queues (and
 * serves health), `all` does both. Processors are registered only where the worker role runs,
 * because @nestjs/bull starts consuming wherever a @Processor class is loaded.
 */
@Module({})
export class AppModule {
  static forRole(config: AllConfig): DynamicModule {
    const roles: RoleFlags = { api: config.app.role !== 'worker', worker: config.app.role !== 'api' };
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        RedisModule,
        CryptoModule,
        MetricsModule,
        McpModule,
        LlmModule,
        TasksModule,
        DispatcherModule,
        AuthModule,
        HealthModule,
        MetricsEndpointModule.forRoot([TasksModule]),
        ShutdownModule.forRoot([TasksModule]),
        // After AuthModule: the limiter counts per user, so the JWT guard must run first.
        ...(roles.api ? [ThrottlingModule] : []),
        ...(roles.api ? [TaskApiModule] : []),
        ...(roles.api ? [AdminModule] : []),
        ...(roles.worker ? [TaskWorkerModule] : []),
        WebhooksModule.forRole(roles),
        SchedulesModule.forRole(roles),
        ...(roles.api ? [TaskEventsModule, UsageModule] : []),
        AiModule.forRole(roles),
        DatabaseModule.forRole(roles),
        MedicalModule.forRole(roles),
        ...(roles.api ? [AuditModule] : []),
        CodeAnalysisModule.forRole(roles),
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
