import { AppError, ErrorCode } from '../core/errors';
import { ScriptedMcpClient } from '../../test/helpers/scripted-mcp-client';
import type { McpToolResult } from '../core/mcp/mcp-client';
import { AuditService } from './audit.service';

/** Answers audit_list with one fixed result, recording the call. */
class FakeMcp extends ScriptedMcpClient {
  constructor(answer: McpToolResult) {
    super({ audit_list: () => answer });
  }
}

const row = {
  id: '7', occurred_at: '2026-11-28T10:00:00.000Z', actor: 'dr.raman', actor_roles: ['clinician'], action: 'patient_access',
  patient_id: 17, purpose: 'diagnosis', task_id: null, outcome: 'denied', request_id: 'req-1', details: { reason: 'not on team' },
};

const auditor = { userId: 'audit.amy', roles: ['auditor'] };

describe('AuditService', () => {
  it('passes the filters to audit_list and returns entries with the paging it used', async () => {
    const mcp = new FakeMcp({ isError: false, text: '', data: { records: [row], total: 1, limit: 20, offset: 40 } });
    const sut = new AuditService(mcp);
    const page = await sut.list({ actor: 'dr.raman', patient_id: 17, action: 'patient_access', since: '2026-11-28', until: '2026-11-29T00:00:00+01:00', limit: 20, offset: 40 }, auditor);
    expect(mcp.calls).toEqual([
      {
        name: 'audit_list',
        args: { actor: 'dr.raman', patient_id: 17, action: 'patient_access', since: '2026-11-28T00:00:00.000Z', until: '2026-11-28T23:00:00.000Z', limit: 20, offset: 40 },
      },
    ]);
    expect(page).toEqual({ entries: [row], limit: 20, offset: 40, total: 1 });
  });

  it('reads as the caller: the identity goes with the call, not as an argument', async () => {
    const mcp = new FakeMcp({ isError: false, text: '', data: { records: [], total: 0 } });
    await new AuditService(mcp).list({}, auditor);
    expect(mcp.actors).toEqual([expect.objectContaining({ userId: 'audit.amy', roles: ['auditor'] })]);
  });

  it('answers 403 when the tools server refuses the caller', async () => {
    const sut = new AuditService(new FakeMcp({ isError: true, text: 'no', errorCode: 'forbidden', errorMessage: 'needs auditor' }));
    await expect(sut.list({}, auditor)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
  });

  it('defaults to the newest 50', async () => {
    const mcp = new FakeMcp({ isError: false, text: '', data: { records: [], total: 0 } });
    expect(await new AuditService(mcp).list({}, auditor)).toEqual({ entries: [], limit: 50, offset: 0, total: 0 });
    expect(mcp.calls[0].args).toEqual({ limit: 50, offset: 0 });
  });

  it('reports an unreadable audit log as 503, never as an empty list', async () => {
    const sut = new AuditService(new FakeMcp({ isError: true, text: 'down', errorCode: 'unavailable' }));
    await expect(sut.list({}, auditor)).rejects.toMatchObject({ code: ErrorCode.McpUnavailable });
    const broken = new AuditService(new FakeMcp({ isError: false, text: 'nothing' }));
    await expect(broken.list({}, auditor)).rejects.toBeInstanceOf(AppError);
  });
});
