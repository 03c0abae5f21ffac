/**
 * audit_append (internal): appends one row to medcor_audit.audit_log as medcor_auditor, a role
 * that can INSERT and SELECT there but never UPDATE, DELETE or TRUNCATE. The actor and roles are
 * the gateway-asserted ctx.actor; nobody can write a row in someone else's name. Callers put no
 * patient data in `details` (ids and codes only).
 */
import { z } from 'zod';
import { opaqueRequestId } from '../../shared/request-id';
import { defineTool, requireActor, type ToolDefinition } from './tool-definition';
import type { DatabaseRegistry } from '../db/database-registry';
import { databaseArg, engineFor, runOwnSql } from '../db/tool-helpers';

/**
 * A write delivered again with the same idempotency key returns the row already there instead
 * of adding one. A concurrent duplicate that the statement's snapshot cannot see yet returns no
 * row; it is still a duplicate (the unique index decided), so the handler reports it as one.
 */
const INSERT_SQL = `
  WITH inserted AS (
    INSERT INTO medcor_audit.audit_log (actor, actor_roles, action, patient_id, purpose, task_id, outcome, request_id, details, idempotency_key)
    VALUES ($1, $2::text[], $3, $4, $5, $6, $7, $8, $9::jsonb, $10)
    ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
    RETURNING id, occurred_at
  )
  SELECT id::text AS id, occurred_at, false AS duplicate FROM inserted
  UNION ALL
  SELECT id::text, occurred_at, true FROM medcor_audit.audit_log
   WHERE $10::text IS NOT NULL AND idempotency_key = $10::text AND NOT EXISTS (SELECT 1 FROM inserted)`;

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
      idempotency_key: z.string().min(1).max(200).optional().describe('Same key, same event: a repeated write adds no row'),
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
            // The id is the same as the one in _meta: kept only when opaque (free text could be patient data).
            args.outcome, opaqueRequestId(args.request_id) ?? ctx.requestId ?? null, args.details === undefined ? null : JSON.stringify(args.details),
            args.idempotency_key ?? null,
          ],
        },
      ]);
      const row = rows[0];
      if (!row) return { text: 'audit record already appended', data: { duplicate: true } };
      const occurredAt = row.occurred_at instanceof Date ? row.occurred_at.toISOString() : String(row.occurred_at);
      const duplicate = row.duplicate === true;
      return {
        text: duplicate ? `audit record ${String(row.id)} already appended` : `audit record ${String(row.id)} appended`,
        data: { id: String(row.id), occurred_at: occurredAt, duplicate },
      };
    },
  }) as unknown as ToolDefinition;
}
