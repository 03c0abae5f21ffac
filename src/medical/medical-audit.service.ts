import { Injectable, Logger } from '@nestjs/common';
import { AppError, ErrorCode } from '../core/errors';
import { McpActor, McpClient } from '../core/mcp/mcp-client';

export enum AuditAction {
  /** The care-team check refused a caller before anything was read. */
  PatientAccess = 'patient_access',
  PatientRecordRead = 'patient_record_read',
  MedicalAnalysis = 'medical_analysis',
}

export type AuditOutcome = 'allowed' | 'denied' | 'success' | 'failure' | 'cancelled';

export interface AuditEntry {
  actor: string;
  actorRoles: string[];
  action: AuditAction;
  outcome: AuditOutcome;
  patientId?: number;
  /** The analysis type: why the data were needed. */
  purpose?: string;
  taskId?: string;
  /**
   * Which run of the task wrote the entry (attempt and delivery, see README "Audit rows on
   * retries"). With a task id it makes the write idempotent: the same event of the same run is
   * one row however often the write is delivered, while a later run that reads again is a new row.
   */
  run?: string;
  requestId?: string;
  /** Ids and codes only: the row is readable by auditors, so no patient text goes here. */
  details?: Record<string, string | number | boolean>;
}

/** A failure-path write must not inherit the task's already-aborted signal. */
const OWN_DEADLINE_MS = 10_000;

/**
 * Writes the medical domain's rows to the append-only audit log through the tools server's
 * internal `audit_append` tool. A write that does not succeed throws a 503-class error, so the
 * caller never reads, analyses or returns patient data without its audit row.
 */
@Injectable()
export class MedicalAuditService {
  private readonly logger = new Logger(MedicalAuditService.name);

  constructor(private readonly mcp: McpClient) {}

  async append(entry: AuditEntry, signal?: AbortSignal): Promise<void> {
    // Who acted travels as the signed identity; the tools server writes the row in that name.
    const actor: McpActor = {
      userId: entry.actor,
      roles: entry.actorRoles,
      ...(entry.purpose !== undefined ? { purpose: entry.purpose } : {}),
      ...(entry.taskId !== undefined ? { taskId: entry.taskId } : {}),
    };
    const args: Record<string, unknown> = { action: entry.action, outcome: entry.outcome };
    if (entry.patientId !== undefined) args.patient_id = entry.patientId;
    if (entry.purpose !== undefined) args.purpose = entry.purpose;
    if (entry.taskId !== undefined) args.task_id = entry.taskId;
    if (entry.requestId !== undefined) args.request_id = entry.requestId;
    if (entry.details !== undefined) args.details = entry.details;
    const key = auditIdempotencyKey(entry);
    if (key !== undefined) args.idempotency_key = key;
    let failure = await this.write(args, actor, entry.requestId, signal);
    // Only a keyed write may be sent again: a first write that timed out may have committed.
    if (failure?.transient && key !== undefined && !signal?.aborted) failure = await this.write(args, actor, entry.requestId, signal);
    if (failure === undefined) return;
    this.logger.error({ action: entry.action, outcome: entry.outcome, taskId: entry.taskId, reason: failure.reason }, 'Audit write failed; refusing the access');
    throw new AppError(ErrorCode.McpUnavailable, 'The audit trail could not be written, so the patient data were not accessed; retry shortly', {
      transient: true,
      retryAfterSeconds: 5,
    });
  }

  /** undefined when the row is written (or was already). */
  private async write(
    args: Record<string, unknown>,
    actor: McpActor,
    requestId: string | undefined,
    signal?: AbortSignal,
  ): Promise<{ reason: string; transient: boolean } | undefined> {
    const live = signal && !signal.aborted ? AbortSignal.any([signal, AbortSignal.timeout(OWN_DEADLINE_MS)]) : AbortSignal.timeout(OWN_DEADLINE_MS);
    try {
      const result = await this.mcp.callTool('audit_append', args, { signal: live, requestId, actor });
      if (!result.isError) return undefined;
      return { reason: result.errorCode ?? 'tool_error', transient: false };
    } catch (error) {
      return error instanceof AppError ? { reason: error.code, transient: error.transient } : { reason: 'error', transient: false };
    }
  }

  /**
   * For failure paths: records the outcome if it can and never throws, because the original
   * error is what the caller must see.
   */
  async appendQuietly(entry: AuditEntry): Promise<boolean> {
    try {
      await this.append(entry);
      return true;
    } catch {
      return false;
    }
  }
}

/** Task, run, event and patient: ids and codes only, as the row itself. */
export function auditIdempotencyKey(entry: AuditEntry): string | undefined {
  if (entry.taskId === undefined || entry.run === undefined) return undefined;
  return [entry.taskId, entry.run, entry.action, entry.outcome, entry.patientId ?? '-'].join('/');
}
