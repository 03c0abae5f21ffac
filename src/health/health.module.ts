import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TasksModule } from '../tasks/tasks.module';
import { DependencyIndicators } from './health-indicators';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), TasksModule],
  controllers: [HealthController],
  providers: [DependencyIndicators],
})
export class HealthModule {}
