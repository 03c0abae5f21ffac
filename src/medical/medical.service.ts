import { Injectable } from '@nestjs/common';
import { delayMs } from '../tasks/dto/submit-options.dto';
import { assertMayUse, AuthenticatedUser } from '../core/auth';
import { DispatcherService } from '../tasks/dispatcher/dispatcher.service';
import { RoutingDecision } from '../tasks/dispatcher/routing';
import { TaskAcceptedDto, taskAccepted } from '../tasks/dispatcher/task-accepted.dto';
import type { TaskHandover } from '../tasks/task-handover.registry';
import { validateBody } from '../core/http/validation.pipe';
import { AppError, ErrorCode } from '../core/errors';
import { LlmService } from '../core/llm/llm.service';
import type { MedicalJobInput } from '../tasks/job-payloads';
import { JobName } from '../tasks/queue-names';
import { MedicalAnalysisRequestDto } from './dto/medical-analysis-request.dto';
import { AuditAction, MedicalAuditService } from './medical-audit.service';
import { assertPatientScope, parsePatientId } from './patient-access.rules';
import { PatientDataService } from './patient-data.service';
import { AccessPath, mayUse } from '../shared/policy';

/**
 * Accepting medical analyses: the access policy's roles for the medical path (checked here rather
 * than by the route's guard, so that a refused attempt on a named patient is audited like a
 * care-team refusal), the scope rule (research never names a patient), the care-team
 * check before anything is queued (a refusal is audited, and answered 403 only once its audit
 * row is written). The dispatcher seals the job payload (Bull keeps job data in clear text).
 */
@Injectable()
export class MedicalService {
  constructor(
    private readonly dispatcher: DispatcherService,
    private readonly llm: LlmService,
    private readonly patients: PatientDataService,
    private readonly audit: MedicalAuditService,
  ) {}

  /** A general query of type medical (POST /api/ai/query/): the checks of this endpoint, a general analysis. */
  async handover(handover: TaskHandover): Promise<TaskAcceptedDto> {
    const dto = await validateBody(MedicalAnalysisRequestDto, { medical_data: handover.text, analysis_type: 'general', ...handover.options });
    return this.submit(dto, handover.user, handover.requestId, false, handover.routing);
  }

  async submit(
    dto: MedicalAnalysisRequestDto,
    user: AuthenticatedUser,
    requestId: string,
    bypassCache = false,
    routing: RoutingDecision = this.dispatcher.route({ kind: 'medical' }),
  ): Promise<TaskAcceptedDto> {
    const analysisType = dto.analysis_type ?? 'general';
    const patientId = parsePatientId(dto.patient_id);
    assertPatientScope(analysisType, patientId);
    if (!mayUse(AccessPath.Medical, user.roles)) {
      if (patientId !== undefined) await this.auditDenied(user, patientId, analysisType, requestId, 'role');
      assertMayUse(AccessPath.Medical, user.roles);
    }
    // A task that is certain to fail is not worth queueing.
    this.llm.assertConfigured();

    if (patientId !== undefined) {
      const decision = await this.patients.checkAccess(patientId, user, { requestId });
      if (!decision.allowed) {
        await this.auditDenied(user, patientId, analysisType, requestId, decision.reason);
        throw new AppError(ErrorCode.Forbidden, 'Access to this patient was denied: only a clinician on the patient\'s care team may analyse their record');
      }
    }

    const input: MedicalJobInput = { medicalData: dto.medical_data, analysisType, ...(patientId !== undefined ? { patientId: String(patientId) } : {}) };
    const accepted = await this.dispatcher.enqueue(
      JobName.MedicalAnalysis,
      input,
      { requester: { userId: user.userId, roles: user.roles }, requestId, routing, priority: dto.priority, delayMs: delayMs(dto), bypassCache },
    );
    return taskAccepted(accepted.taskId, 'Medical analysis submitted for processing', '60-120 seconds', routing, { analysis_type: analysisType });
  }

  /** A refusal is answered only once its audit row is written (503 when it cannot be). */
  private auditDenied(user: AuthenticatedUser, patientId: number, purpose: string, requestId: string, reason: string): Promise<void> {
    return this.audit.append({
      actor: user.userId,
      actorRoles: user.roles,
      action: AuditAction.PatientAccess,
      outcome: 'denied',
      patientId,
      purpose,
      requestId,
      details: { reason },
    });
  }
}
