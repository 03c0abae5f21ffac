/**
 * audit_list (internal): reads the audit log, newest first, filtered and paged; for an asserted
 * caller the access policy lets use the audit path (auditor, admin).
 */
import { z } from 'zod';
import { AccessPath, deniedMessage, mayUse } from '../../shared/policy';
import { defineTool, requireActor, ToolError, ToolErrorCode, type ToolDefinition } from './tool-definition';
import type { DatabaseRegistry } from '../db/database-registry';
import { databaseArg, engineFor, runOwnSql } from '../db/tool-helpers';

const LIST_SQL = `
  SELECT id::text AS id, occurred_at, actor, actor_roles, action, patient_id, purpose, task_id, outcome, request_id, details,
         count(*) OVER ()::int AS total
    FROM medcor_audit.audit_log
   WHERE ($1::text IS NULL OR actor = $1) AND ($2::int IS NULL OR patient_id = $2) AND ($3::text IS NULL OR action = $3)
     AND ($4::timestamptz IS NULL OR occurred_at >= $4) AND ($5::timestamptz IS NULL OR occurred_at < $5)
   ORDER BY id DESC LIMIT $6 OFFSET $7`;

export function auditListTool(registry: DatabaseRegistry): ToolDefinition {
  return defineTool({
    name: 'audit_list',
    title: 'List audit records',
    description: 'Internal: audit records newest first, filtered by actor, patient, action and time range.',
    inputSchema: {
      database: databaseArg,
      actor: z.string().max(200).optional(),
      patient_id: z.coerce.number().int().positive().optional(),
      action: z.string().max(100).optional(),
      since: z.iso.datetime({ offset: true }).optional().describe('ISO timestamp, inclusive'),
      until: z.iso.datetime({ offset: true }).optional().describe('ISO timestamp, exclusive'),
      limit: z.number().int().min(1).max(500).default(50),
      offset: z.number().int().min(0).max(1_000_000).default(0),
    },
    audience: 'internal',
    readOnly: true,
    async handler(args, ctx) {
      const actor = requireActor(ctx, 'audit_list');
      if (!mayUse(AccessPath.Audit, actor.roles)) throw new ToolError(ToolErrorCode.Forbidden, deniedMessage(AccessPath.Audit));
      const { engine } = engineFor(registry, args.database);
      const [rows] = await runOwnSql<[unknown]>(engine, 'auditor', { readOnly: true, statementTimeoutMs: registry.statementTimeoutMs, signal: ctx.signal }, [
        {
          sql: LIST_SQL,
          params: [args.actor ?? null, args.patient_id ?? null, args.action ?? null, args.since ?? null, args.until ?? null, args.limit, args.offset],
        },
      ]);
      const total = rows.length > 0 ? Number(rows[0].total) : 0;
      const records: Array<Record<string, unknown>> = rows.map(({ total: _total, occurred_at, ...rest }) => ({
        ...rest,
        occurred_at: occurred_at instanceof Date ? occurred_at.toISOString() : String(occurred_at),
      }));
      const text = [
        `${records.length} of ${total} audit records`,
        ...records.map((r) => `#${String(r.id)} ${String(r.occurred_at)} ${String(r.actor)} ${String(r.action)} ${String(r.outcome)}${r.patient_id ? ` patient ${String(r.patient_id)}` : ''}`),
      ].join('\n');
      return { text, data: { records, total, limit: args.limit, offset: args.offset } };
    },
  }) as unknown as ToolDefinition;
}
