import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../core/errors';
import { AuthenticatedUser } from '../core/auth';
import { McpClient } from '../core/mcp/mcp-client';
import { AuditListQueryDto } from './dto/audit-list-query.dto';
import { AuditEntryDto, AuditListResponseDto } from './dto/audit-list-response.dto';

const DEFAULT_LIMIT = 50;

/** Reads the append-only audit log through the tools server's internal `audit_list` tool. */
@Injectable()
export class AuditService {
  constructor(private readonly mcp: McpClient) {}

  async list(query: AuditListQueryDto, user: AuthenticatedUser, requestId?: string): Promise<AuditListResponseDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const args: Record<string, unknown> = { limit, offset };
    if (query.actor !== undefined) args.actor = query.actor;
    if (query.patient_id !== undefined) args.patient_id = query.patient_id;
    if (query.action !== undefined) args.action = query.action;
    // The tool takes full timestamps; a bare date such as 2026-11-28 means its midnight UTC.
    if (query.since !== undefined) args.since = new Date(query.since).toISOString();
    if (query.until !== undefined) args.until = new Date(query.until).toISOString();

    // The tools server checks the reader's role itself, from the signed identity.
    const result = await this.mcp.callTool('audit_list', args, { requestId, actor: { userId: user.userId, roles: user.roles, purpose: 'audit' } });
    if (result.isError) {
      if (result.errorCode === 'invalid_argument') throw new AppError(ErrorCode.ValidationFailed, 'The audit filters were refused');
      if (result.errorCode === 'forbidden') throw new AppError(ErrorCode.Forbidden, result.errorMessage ?? 'The audit log may not be read by this caller');
      const transient = result.errorCode === 'unavailable' || result.errorCode === 'timeout';
      throw new AppError(transient ? ErrorCode.McpUnavailable : ErrorCode.ToolFailed, 'The audit log could not be read', { transient });
    }
    const data = result.data as { records?: AuditEntryDto[]; total?: number } | undefined;
    if (!Array.isArray(data?.records)) throw new AppError(ErrorCode.ToolFailed, 'audit_list returned no records');
    return { entries: data.records.map(toEntry), limit, offset, total: Number(data.total ?? data.records.length) };
  }
}

function toEntry(r: AuditEntryDto): AuditEntryDto {
  return {
    id: String(r.id),
    occurred_at: r.occurred_at,
    actor: r.actor,
    actor_roles: r.actor_roles ?? [],
    action: r.action,
    patient_id: r.patient_id ?? null,
    purpose: r.purpose ?? null,
    task_id: r.task_id ?? null,
    outcome: r.outcome,
    request_id: r.request_id ?? null,
    details: r.details ?? null,
  };
}
