import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import type { Queue } from 'bull';
import { ALL_QUEUES } from '../tasks/queue-names';
import { TasksModule } from '../tasks/tasks.module';
import { AdminSessionController } from './admin-session.controller';
import { DASHBOARD_PATH } from './admin-session';
import { DashboardAuthHook } from './dashboard-auth.hook';
import { redactJobData } from './job-data.redactor';

/**
 * bull-board's adapter showing job data through the redactor: text inputs never reach the page.
 * Read-only: a job's meta names the user and roles a worker acts as, so adding, editing,
 * duplicating, retrying or promoting a job from the dashboard would let an admin run work as any
 * clinician (a patient record read and audited in their name, its analysis stored in a task of
 * the admin's). Tasks are cancelled through the API.
 */
class RedactingBullAdapter extends BullAdapter {
  constructor(queue: Queue, options?: ConstructorParameters<typeof BullAdapter>[1]) {
    super(queue, { ...options, readOnlyMode: true, allowRetries: false });
    this.setFormatter('data', redactJobData);
    this.setFormatter('returnValue', () => '[not shown]');
  }
}

/**
 * Owns the operators' queue dashboard (bull-board) at /api/ai/admin/queues, admin role only, and
 * its browser session endpoint. Registered for the API role only.
 */
@Module({
  imports: [
    TasksModule,
    BullBoardModule.forRoot({ route: DASHBOARD_PATH, adapter: FastifyAdapter, boardOptions: { uiConfig: { boardTitle: 'MedCor queues' } } }),
    BullBoardModule.forFeature(...ALL_QUEUES.map((name) => ({ name, adapter: RedactingBullAdapter }))),
  ],
  controllers: [AdminSessionController],
  providers: [DashboardAuthHook],
})
export class AdminModule {}
