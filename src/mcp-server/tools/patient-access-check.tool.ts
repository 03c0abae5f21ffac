/**
 * patient_access_check (internal): may the caller read this patient? Reads care_team only. The
 * caller is the gateway-asserted ctx.actor; a user named in the arguments is ignored (the schema
 * strips unknown members).
 */
import { z } from 'zod';
import { defineTool, requireActor, type ToolDefinition } from './tool-definition';
import type { DatabaseRegistry } from '../db/database-registry';
import { checkPatientAccess } from '../db/patient-access';
import { databaseArg, engineFor } from '../db/tool-helpers';

export const patientAccessShape = {
  database: databaseArg,
  patient_id: z.coerce.number().int().positive().describe('medcor.patients.id'),
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
      const actor = requireActor(ctx, 'patient_access_check');
      const { engine } = engineFor(registry, args.database);
      const decision = await checkPatientAccess(
        engine,
        { patient_id: args.patient_id, user_id: actor.userId, roles: actor.roles },
        { statementTimeoutMs: registry.statementTimeoutMs, signal: ctx.signal },
      );
      return {
        text: `${decision.allowed ? 'allowed' : 'denied'}: ${decision.reason}`,
        data: { ...decision, patient_id: args.patient_id, user_id: actor.userId },
      };
    },
  }) as unknown as ToolDefinition;
}
