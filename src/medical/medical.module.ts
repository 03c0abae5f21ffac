import { DynamicModule, Module } from '@nestjs/common';
import { TaskHandoverRegistry } from '../tasks/task-handover.registry';
import { TasksModule } from '../tasks/tasks.module';
import { MedicalAnalysisProcessor } from './medical-analysis.processor';
import { MedicalAnalysisService } from './medical-analysis.service';
import { MedicalAuditService } from './medical-audit.service';
import { MedicalResultCache } from './medical-result-cache.service';
import { MedicalController } from './medical.controller';
import { MedicalService } from './medical.service';
import { PatientDataService } from './patient-data.service';

/**
 * Medical analysis with patient privacy: access checks and patient data through the tools
 * server, de-identification before the LLM, sealed payloads and results, and the audit rows.
 */
@Module({})
export class MedicalModule {
  /** Medical work arriving at another endpoint (a general query) is handed to this domain's service. */
  constructor(handovers: TaskHandoverRegistry, service: MedicalService) {
    handovers.register('medical', (handover) => service.handover(handover));
  }

  static forRole(roles: { api: boolean; worker: boolean }): DynamicModule {
    return {
      module: MedicalModule,
      imports: [TasksModule],
      controllers: roles.api ? [MedicalController] : [],
      providers: [
        MedicalService,
        PatientDataService,
        MedicalAuditService,
        ...(roles.worker ? [MedicalAnalysisService, MedicalResultCache, MedicalAnalysisProcessor] : []),
      ],
    };
  }
}
