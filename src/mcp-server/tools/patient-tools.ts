/**
 * The internal patient and audit tools of medcor-tools: used by the gateway's medical domain,
 * never offered to the LLM (audience 'internal').
 */
import type { ToolDefinition } from './tool-definition';
import type { DatabaseRegistry } from '../db/database-registry';
import { patientAccessCheckTool } from './patient-access-check.tool';
import { patientRecordTool } from './patient-record.tool';
import { cohortStatisticsTool } from './cohort-stats.tool';
import { auditAppendTool } from './audit-append.tool';
import { auditListTool } from './audit-list.tool';

export function patientTools(registry: DatabaseRegistry): ToolDefinition[] {
  return [
    patientAccessCheckTool(registry),
    patientRecordTool(registry),
    cohortStatisticsTool(registry),
    auditAppendTool(registry),
    auditListTool(registry),
  ];
}
