import { Injectable } from '@nestjs/common';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { createHmac } from 'node:crypto';
import { AuthenticatedUser } from '../core/auth';
import { AppConfigService } from '../core/config';
import { AppError, ErrorCode } from '../core/errors';
import { EgressContext } from '../core/llm/egress-context';
import { LlmService } from '../core/llm/llm.service';
import { AccessPath } from '../shared/policy';
import type { AnalysisType, Requester } from '../tasks/job-payloads';
import type { TaskOutcome } from '../tasks/task-runner.service';
import { AnyAnalysis, analysisSchema, schemaName } from './analysis/analysis-schemas';
import { systemPrompt, userPrompt } from './analysis/analysis-prompts';
import { MEDICAL_DISCLAIMER, MedicalAnalysisResult, nonZeroCounts } from './analysis/medical-result';
import { KnownIdentifiers, deidentify } from '../shared/deid';
import { AuditAction, AuditEntry, MedicalAuditService } from './medical-audit.service';
import { CacheScope, MedicalResultCache } from './medical-result-cache.service';
import { cohortFiltersFrom } from './patient-access.rules';
import { LoadedRecord, PatientCallOptions, PatientDataService, PatientRecord } from './patient-data.service';

/** The job's unsealed input, with the patient id as the integer the tools server expects. */
export interface AnalysisInput {
  medicalData: string;
  analysisType: AnalysisType;
  patientId?: number;
}

export interface AnalysisRun {
  taskId: string;
  /** This delivery of the task (attempt and start): keys its audit rows. */
  run?: string;
  requester: Requester;
  requestId?: string;
  input: AnalysisInput;
  signal: AbortSignal;
  /** `Cache-Control: no-cache` at submit. */
  bypassCache?: boolean;
  progress(percent: number, message: string): Promise<void>;
}

type AuditBase = Pick<AuditEntry, 'actor' | 'actorRoles' | 'patientId' | 'purpose' | 'taskId' | 'run' | 'requestId'>;

/**
 * One medical analysis, in the order the issue fixes: authorise → load record → de-identify →
 * analyse → re-identify → store. The model sees only de-identified text and record; the
 * placeholder map stays in this process's memory for the duration of the job. Every read of
 * patient data and every outcome is audited, and a failed audit write stops the analysis.
 * Nothing here logs patient data, and error messages never quote it (they end up in task records).
 */
@Injectable()
export class MedicalAnalysisService {
  private readonly dateShiftSalt: string;

  constructor(
    private readonly patients: PatientDataService,
    private readonly audit: MedicalAuditService,
    private readonly cache: MedicalResultCache,
    private readonly llm: LlmService,
    config: AppConfigService,
  ) {
    // A per-deployment secret keeps each patient's date shift stable across analyses
    // (comparable intervals) without being derivable by anyone who sees the shifted dates.
    this.dateShiftSalt = createHmac('sha256', config.all.security.phiKey).update('medcor/date-shift/v1').digest('hex');
  }

  async analyse(run: AnalysisRun): Promise<TaskOutcome> {
    const started = performance.now();
    const { analysisType: type, patientId, medicalData } = run.input;
    const user: AuthenticatedUser = { userId: run.requester.userId, roles: run.requester.roles };
    const base: AuditBase = { actor: user.userId, actorRoles: user.roles, patientId, purpose: type, taskId: run.taskId, run: run.run, requestId: run.requestId };
    const call = { signal: run.signal, requestId: run.requestId, taskId: run.taskId };
    try {
      await run.progress(5, 'Authorising');
      if (patientId !== undefined) await this.authorise(patientId, user, base, call);

      const scope: CacheScope = { userId: user.userId, patientId, analysisType: type, medicalData };
      const cached = run.bypassCache ? null : await this.cache.get<MedicalAnalysisResult>(scope);
      if (cached) {
        await this.audit.append({ ...base, action: AuditAction.MedicalAnalysis, outcome: 'success', details: { cached: true } }, run.signal);
        return { message: 'Medical analysis completed (cached result)', result: { ...cached, cached: true } };
      }

      let record: PatientRecord | undefined;
      let known: KnownIdentifiers | undefined;
      let cohort: Record<string, unknown> | undefined;
      if (patientId !== undefined) {
        await run.progress(20, 'Loading the patient record');
        ({ record, known } = await this.readRecord(patientId, user, base, call));
      } else if (type === 'research') {
        await run.progress(20, 'Loading de-identified cohort statistics');
        cohort = await this.patients.cohortStatistics(cohortFiltersFrom(medicalData), user, call);
      }

      await run.progress(35, 'De-identifying');
      // Keyed by the patient (or, without one, by the input): every retry of this task and every
      // request about this patient sees the same shift and placeholders.
      const deid = deidentify(
        { text: medicalData, record, known },
        { key: this.dateShiftSalt, ...(patientId !== undefined ? { subject: `patient:${patientId}` } : {}) },
      );

      await run.progress(50, 'Analysing');
      const messages = [
        new SystemMessage(systemPrompt(type)),
        new HumanMessage(userPrompt({ type, medicalData: deid.text ?? '', record: deid.record, cohort })),
      ];
      // Seeded with this de-identification's placeholders and shifted dates, the guard leaves them alone
      // and replaces only format identifiers it missed (its name detector already ran here).
      const egress = new EgressContext({ path: AccessPath.Medical, seed: deid.mapping, mode: 'formats' });
      const raw = await this.llm.structured(analysisSchema(type), schemaName(type), messages, { signal: run.signal, userId: user.userId, egress });

      await run.progress(85, 'Re-identifying');
      const analysis = egress.reidentifyDeep(raw) as AnyAnalysis;
      const byKind = nonZeroCounts(deid.counts);
      const replaced = Object.values(byKind).reduce((sum, n) => sum + n, 0);
      const result: MedicalAnalysisResult = {
        success: true,
        analysis_type: type,
        ...(patientId !== undefined ? { patient_id: patientId } : {}),
        analysis,
        ...(cohort !== undefined ? { cohort } : {}),
        disclaimer: MEDICAL_DISCLAIMER,
        deidentification: { identifiers_replaced: replaced, by_kind: byKind },
        model: this.llm.primaryModel(),
        processing_time: Math.round(performance.now() - started) / 1000,
        cached: false,
      };

      await run.progress(95, 'Storing the result');
      await this.audit.append(
        { ...base, action: AuditAction.MedicalAnalysis, outcome: 'success', details: { identifiers_replaced: replaced } },
        run.signal,
      );
      await this.cache.set(scope, result);
      return { message: 'Medical analysis completed', result };
    } catch (error) {
      const code = error instanceof AppError ? error.code : ErrorCode.Internal;
      await this.audit.appendQuietly({
        ...base,
        action: AuditAction.MedicalAnalysis,
        outcome: code === ErrorCode.Cancelled ? 'cancelled' : 'failure',
        details: { code, attempt_transient: error instanceof AppError && error.transient },
      });
      throw error;
    }
  }

  /** The care-team check again at run time: access may have been revoked while the job waited. */
  private async authorise(patientId: number, user: AuthenticatedUser, base: AuditBase, call: PatientCallOptions): Promise<void> {
    const decision = await this.patients.checkAccess(patientId, user, call);
    if (decision.allowed) return;
    await this.audit.append({ ...base, action: AuditAction.PatientAccess, outcome: 'denied', details: { reason: decision.reason } }, call.signal);
    throw new AppError(ErrorCode.Forbidden, 'Access to this patient was denied: only a clinician on the patient\'s care team may analyse their record');
  }

  private async readRecord(patientId: number, user: AuthenticatedUser, base: AuditBase, call: PatientCallOptions): Promise<LoadedRecord> {
    let loaded: LoadedRecord;
    try {
      loaded = await this.patients.readRecord(patientId, user, base.purpose ?? 'medical analysis', call);
    } catch (error) {
      const denied = error instanceof AppError && error.code === ErrorCode.Forbidden;
      await this.audit.appendQuietly({
        ...base,
        action: AuditAction.PatientRecordRead,
        outcome: denied ? 'denied' : 'failure',
        details: { code: error instanceof AppError ? error.code : ErrorCode.Internal },
      });
      throw error;
    }
    // Written before the record is used: if it cannot be written, the record is dropped unread.
    await this.audit.append({ ...base, action: AuditAction.PatientRecordRead, outcome: 'success' }, call.signal);
    return loaded;
  }
}
