import { Global, Module } from '@nestjs/common';
import { TasksModule } from '../tasks.module';
import { DispatcherService } from './dispatcher.service';
import { InlineLoadTracker } from './inline-load.tracker';

@Global()
@Module({
  imports: [TasksModule],
  providers: [DispatcherService, InlineLoadTracker],
  exports: [DispatcherService],
})
export class DispatcherModule {}
