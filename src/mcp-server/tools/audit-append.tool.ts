/**
 * audit_append (internal): appends one row to medcor_audit.audit_log as medcor_auditor, a role
 * that can INSERT and SELECT there but never UPDATE, DELETE or TRUNCATE. The actor and roles are
 * the gateway-asserted ctx.actor; nobody can write a row in someone else's name. Callers put no
 * patient data in `details` (ids and codes only).
 */
import { z } from 'zod';
import { defineTool, requireActor, type ToolDefinition } from './tool-definition';
import type { DatabaseRegistry } from '../db/database-registry';
import { databaseArg, engineFor, runOwnSql } from '../db/tool-helpers';

const INSERT_SQL = `
  INSERT INTO medcor_audit.audit_log (actor, actor_roles, action, patient_id, purpose, task_id, outcome, request_id, details)
  VALUES ($1, $2::text[], $3, $4, $5, $6, $7, $8, $9::jsonb)
  RETURNING id::text AS id, occurred_at`;

export function auditAppendTool(registry: DatabaseRegistry): ToolDefinition {
  return defineTool({
    name: 'audit_append',
    title: 'Append an audit record',
    description: 'Internal: appends one record to the append-only audit log.',
    inputSchema: {
      database: databaseArg,
      action: z.string().min(1).max(100),
      patient_id: z.coerce.number().int().positive().optional(),
      purpose: z.string().max(200).optional(),
      task_id: z.string().max(100).optional(),
      outcome: z.string().min(1).max(40).describe('e.g. allowed, denied, success, failure'),
      request_id: z.string().max(100).optional(),
      details: z.record(z.string(), z.unknown()).optional(),
    },
    audience: 'internal',
    readOnly: false,
    async handler(args, ctx) {
      const actor = requireActor(ctx, 'audit_append');
      const { engine } = engineFor(registry, args.database);
      const [rows] = await runOwnSql<[unknown]>(engine, 'auditor', { readOnly: false, statementTimeoutMs: registry.statementTimeoutMs, signal: ctx.signal }, [
        {
          sql: INSERT_SQL,
          params: [
            actor.userId, actor.roles, args.action, args.patient_id ?? null, args.purpose ?? actor.purpose ?? null, args.task_id ?? actor.taskId ?? null,
            args.outcome, args.request_id ?? ctx.requestId ?? null, args.details === undefined ? null : JSON.stringify(args.details),
          ],
        },
      ]);
      const occurredAt = rows[0].occurred_at instanceof Date ? rows[0].occurred_at.toISOString() : String(rows[0].occurred_at);
      return { text: `audit record ${String(rows[0].id)} appended`, data: { id: String(rows[0].id), occurred_at: occurredAt } };
    },
  }) as unknown as ToolDefinition;
}
