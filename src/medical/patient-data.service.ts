import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '../core/auth';
import { AppError, ErrorCode } from '../core/errors';
import { McpActor, McpClient } from '../core/mcp/mcp-client';
import { KnownIdentifiers, knownIdentifiersFromRecord } from '../shared/deid';
import { AccessDecision, CohortFilters, toAccessDecision, toolFailure } from './patient-access.rules';

export interface PatientCallOptions {
  signal?: AbortSignal;
  requestId?: string;
  /** The task the read serves, for the tools server's view of the caller. */
  taskId?: string;
}

/** The tools server takes the caller from this signed identity, never from the arguments. */
function actorOf(user: AuthenticatedUser, purpose: string | undefined, options: PatientCallOptions): McpActor {
  return {
    userId: user.userId,
    roles: user.roles,
    ...(purpose !== undefined ? { purpose } : {}),
    ...(options.taskId !== undefined ? { taskId: options.taskId } : {}),
  };
}

/** The record as patient_record returns it, without the tool's own access/purpose fields. */
export interface PatientRecord {
  patient: Record<string, unknown>;
  active_problems: unknown[];
  active_medications: unknown[];
  recent_labs: unknown[];
  recent_encounters: unknown[];
}

export interface LoadedRecord {
  record: PatientRecord;
  /**
   * Identifiers the record does not show (contact details, SSN) but which may appear in the
   * clinician's text, for exact replacement. Read from the tool's optional `identifiers` block,
   * which never travels further than the de-identifier.
   */
  known: KnownIdentifiers;
}

/**
 * The medical domain's only way to patient data: the tools server's internal tools. The tools
 * server applies the access rule itself (role clinician + care team), so a bug here cannot
 * widen access; this class only asks and translates the answers.
 */
@Injectable()
export class PatientDataService {
  constructor(private readonly mcp: McpClient) {}

  async checkAccess(patientId: number, user: AuthenticatedUser, options: PatientCallOptions = {}): Promise<AccessDecision> {
    const result = await this.mcp.callTool('patient_access_check', { patient_id: patientId }, { ...options, actor: actorOf(user, undefined, options) });
    return toAccessDecision(result);
  }

  async readRecord(patientId: number, user: AuthenticatedUser, purpose: string, options: PatientCallOptions = {}): Promise<LoadedRecord> {
    const result = await this.mcp.callTool('patient_record', { patient_id: patientId, purpose }, { ...options, actor: actorOf(user, purpose, options) });
    if (result.isError) throw toolFailure('patient_record', result);
    const data = result.data as (Partial<PatientRecord> & { identifiers?: unknown }) | undefined;
    if (!data || typeof data.patient !== 'object' || data.patient === null) {
      throw new AppError(ErrorCode.ToolFailed, 'patient_record returned no record');
    }
    const record: PatientRecord = {
      patient: data.patient,
      active_problems: data.active_problems ?? [],
      active_medications: data.active_medications ?? [],
      recent_labs: data.recent_labs ?? [],
      recent_encounters: data.recent_encounters ?? [],
    };
    const identifiers = typeof data.identifiers === 'object' && data.identifiers !== null ? data.identifiers : {};
    return { record, known: knownIdentifiersFromRecord({ patient: { ...data.patient, ...identifiers } }) };
  }

  async cohortStatistics(filters: CohortFilters, user: AuthenticatedUser, options: PatientCallOptions = {}): Promise<Record<string, unknown>> {
    const result = await this.mcp.callTool('cohort_statistics', { ...filters }, { ...options, actor: actorOf(user, 'research', options) });
    if (result.isError) throw toolFailure('cohort_statistics', result);
    const data = result.data as Record<string, unknown> | undefined;
    if (!data) throw new AppError(ErrorCode.ToolFailed, 'cohort_statistics returned no statistics');
    // Which database answered is operational detail the model does not need.
    const { database: _database, ...stats } = data;
    return stats;
  }
}
