/**
 * Every request of the SQL tools (sql_query, explain_query, describe_table, list_tables) passes
 * here: the caller's asserted identity (ctx.actor) must hold a role of the database path, and
 * one row lands in the append-only audit log of the default database (where GET
 * /api/ai/audit/?actor= reads) with actor, roles, database, statement fingerprint, row count,
 * routing and outcome (ok, refused, error). Fail-closed: rows whose read could not be audited are
 * not returned. No literal of the statement is stored, only its fingerprint.
 */
import { AccessPath, deniedMessage, mayUse, rolesFor } from '../../shared/policy';
import { fingerprintSql } from '../../shared/sql';
import type { DatabaseRegistry } from '../db/database-registry';
import { runOwnSql } from '../db/tool-helpers';
import { ToolError, ToolErrorCode, type ToolCallContext } from './tool-definition';

export const ANONYMOUS_ACTOR = 'anonymous';

export interface SqlAuditRequest {
  action: 'sql_query' | 'explain_query' | 'describe_table' | 'list_tables';
  database: string;
  /** Caller-written SQL, fingerprinted (never stored). */
  sql?: string;
  /** Extra non-patient details (a table name). */
  details?: Record<string, string>;
}

const INSERT_SQL = `
  INSERT INTO medcor_audit.audit_log (actor, actor_roles, action, purpose, task_id, outcome, request_id, details)
  VALUES ($1, $2::text[], $3, $4, $5, $6, $7, $8::jsonb)`;

export async function auditedSqlRequest<T>(
  registry: DatabaseRegistry,
  ctx: ToolCallContext,
  request: SqlAuditRequest,
  run: () => Promise<{ output: T; rowCount: number }>,
): Promise<T> {
  const record = (outcome: 'ok' | 'refused' | 'error', extra: Record<string, unknown>): Promise<void> =>
    appendSqlAudit(registry, ctx, request, outcome, extra);
  const actor = ctx.actor;
  if (actor && !mayUse(AccessPath.AgentSql, actor.roles)) {
    const refusal = new ToolError(ToolErrorCode.Forbidden, deniedMessage(AccessPath.AgentSql), { roles_needed: rolesFor(AccessPath.AgentSql) });
    await record('refused', { error_code: refusal.code }).catch(() => undefined);
    throw refusal;
  }
  let result: { output: T; rowCount: number };
  // Statements count against their caller's slots; reading the catalogue (list_tables, describe_table) does not.
  const statement = request.action === 'sql_query' || request.action === 'explain_query';
  let release: (() => void) | undefined;
  try {
    // Without an asserted caller (no MCP_INTERNAL_SECRET) there is no one to be fair between.
    if (statement && actor) release = registry.callerSlots.take(actor.userId);
    result = await run();
  } catch (error) {
    const code = error instanceof ToolError ? error.code : ToolErrorCode.Internal;
    const refused = code === ToolErrorCode.Refused || code === ToolErrorCode.Forbidden;
    const info = error instanceof ToolError ? (error.details as { rule?: string; sqlstate?: string } | undefined) : undefined;
    // The caller's error matters more than a failed audit of it. A statement stopped at its
    // timeout or cancelled is answered at once and audited behind the answer: on the embedded
    // database the write waits for the stopped worker to reopen (seconds), and no rows left.
    const written = record(refused ? 'refused' : 'error', { error_code: code, rule: info?.rule, sqlstate: info?.sqlstate }).catch(() => undefined);
    if (code !== ToolErrorCode.Timeout) await written;
    throw error;
  } finally {
    release?.();
  }
  try {
    await record('ok', { row_count: result.rowCount });
  } catch (error) {
    throw new ToolError(ToolErrorCode.Unavailable, `The result is withheld because the read could not be audited: ${(error as Error).message}`);
  }
  return result.output;
}

async function appendSqlAudit(
  registry: DatabaseRegistry,
  ctx: ToolCallContext,
  request: SqlAuditRequest,
  outcome: 'ok' | 'refused' | 'error',
  extra: Record<string, unknown>,
): Promise<void> {
  const actor = ctx.actor;
  const details = {
    database: request.database,
    fingerprint: request.sql === undefined ? undefined : (await fingerprintSql(request.sql)) ?? 'unparsable',
    routing: actor?.routing,
    ...request.details,
    ...extra,
  };
  const engine = registry.get(registry.defaultName);
  await runOwnSql(engine, 'auditor', { readOnly: false, statementTimeoutMs: registry.statementTimeoutMs }, [
    {
      sql: INSERT_SQL,
      params: [
        actor?.userId ?? ANONYMOUS_ACTOR, actor?.roles ?? [], request.action, actor?.purpose ?? null, actor?.taskId ?? null,
        outcome, ctx.requestId ?? null, JSON.stringify(details),
      ],
    },
  ]);
}
