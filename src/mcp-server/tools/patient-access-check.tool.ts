/** patient_access_check (internal): may this user read this patient? Reads care_team only. */
import { z } from 'zod';
import { defineTool, type ToolDefinition } from './tool-definition';
import type { DatabaseRegistry } from '../db/database-registry';
import { checkPatientAccess } from '../db/patient-access';
import { databaseArg, engineFor } from '../db/tool-helpers';

export const patientAccessShape = {
  database: databaseArg,
  patient_id: z.coerce.number().int().positive().describe('medcor.patients.id'),
  user_id: z.string().min(1).max(200).describe('The caller\'s login name (JWT sub), e.g. dr.raman'),
  roles: z.array(z.string().max(100)).max(50).describe('The caller\'s roles from the JWT'),
};

export function patientAccessCheckTool(registry: DatabaseRegistry): ToolDefinition {
  return defineTool({
    name: 'patient_access_check',
    title: 'Check patient access',
    description: 'Internal: allowed only for role clinician on the patient\'s care team. Reads medcor.care_team only.',
    inputSchema: patientAccessShape,
    audience: 'internal',
    readOnly: true,
    async handler(args, ctx) {
      const { engine } = engineFor(registry, args.database);
      const decision = await checkPatientAccess(engine, args, { statementTimeoutMs: registry.statementTimeoutMs, signal: ctx.signal });
      return {
        text: `${decision.allowed ? 'allowed' : 'denied'}: ${decision.reason}`,
        data: { ...decision, patient_id: args.patient_id, user_id: args.user_id },
      };
    },
  }) as unknown as ToolDefinition;
}
