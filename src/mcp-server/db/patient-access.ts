/**
 * The one access rule for patient records: a caller may read a patient only with the role
 * `clinician` AND a care_team row linking their login name (JWT sub) to that patient. The check
 * runs as medcor_auditor, whose only grant in schema medcor is SELECT on care_team, so it cannot
 * read patient data even by mistake.
 */
import type { SqlEngine } from './sql-engine';
import { runOwnSql } from './tool-helpers';

export const CLINICIAN_ROLE = 'clinician';

export interface AccessRequest {
  patient_id: number;
  user_id: string;
  roles: readonly string[];
}

export interface AccessDecision {
  allowed: boolean;
  reason: string;
  care_team_role?: string;
}

export async function checkPatientAccess(
  engine: SqlEngine,
  request: AccessRequest,
  options: { statementTimeoutMs: number; signal?: AbortSignal },
): Promise<AccessDecision> {
  if (!request.roles.includes(CLINICIAN_ROLE)) {
    return { allowed: false, reason: `Only the "${CLINICIAN_ROLE}" role may read patient records.` };
  }
  const [rows] = await runOwnSql<[unknown]>(engine, 'auditor', { readOnly: true, ...options }, [
    { sql: 'SELECT role FROM medcor.care_team WHERE patient_id = $1 AND user_id = $2 LIMIT 1', params: [request.patient_id, request.user_id] },
  ]);
  // Same answer for "no such patient" and "not on the team": no existence oracle.
  if (rows.length === 0) return { allowed: false, reason: 'The user is not on this patient\'s care team.' };
  return { allowed: true, reason: 'Clinician on the patient\'s care team.', care_team_role: String(rows[0].role) };
}
