import type { AuthenticatedUser } from '../core/auth';
import { ScriptedMcpClient, type ToolHandler } from '../../test/helpers/scripted-mcp-client';
import type { MedicalJobInput } from '../tasks/job-payloads';
import type { DispatcherService } from '../tasks/dispatcher/dispatcher.service';
import { AppError, ErrorCode } from '../core/errors';
import type { LlmService } from '../core/llm/llm.service';
import type { McpToolResult } from '../core/mcp/mcp-client';
import { JobName } from '../tasks/queue-names';
import { MedicalAuditService } from './medical-audit.service';
import { MedicalService } from './medical.service';
import { PatientDataService } from './patient-data.service';

class FakeMcp extends ScriptedMcpClient {
  audits = () => this.argsOf('audit_append');
}

const decision = (allowed: boolean): McpToolResult => ({ isError: false, text: '', data: { allowed, reason: allowed ? 'on team' : 'not on team' } });
const appended: McpToolResult = { isError: false, text: 'ok', data: { id: '1' } };
const clinician: AuthenticatedUser = { userId: 'dr.raman', roles: ['clinician'] };
const NOTE = 'Maria Delgado, chest pain for two days.';

function build(handlers: Record<string, ToolHandler>, llmConfigured = true) {
  const mcp = new FakeMcp(handlers);
  const enqueued: Array<{ job: JobName; input: MedicalJobInput; options: Record<string, unknown> }> = [];
  const dispatcher = {
    route: () => ({ mode: 'background', rule: 'always_background', reason: 'Medical analysis always runs in the background' }),
    enqueue: async (job: JobName, input: MedicalJobInput, options: Record<string, unknown>) => {
      enqueued.push({ job, input, options });
      return { taskId: '5b2c1f0e-8d4a-4c6e-9a51-0f1e2d3c4b5a', status: 'PENDING' };
    },
  } as unknown as DispatcherService;
  const llm = {
    assertConfigured: () => {
      if (!llmConfigured) throw new AppError(ErrorCode.LlmNotConfigured, 'no key');
    },
  } as unknown as LlmService;
  const sut = new MedicalService(dispatcher, llm, new PatientDataService(mcp), new MedicalAuditService(mcp));
  return { sut, mcp, enqueued };
}

const failWith = async (work: Promise<unknown>): Promise<AppError> => {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
};

describe('MedicalService.submit', () => {
  it('queues the payload (the dispatcher seals it) and echoes the analysis type (202 body)', async () => {
    const { sut, enqueued } = build({ patient_access_check: () => decision(true) });
    const body = await sut.submit({ medical_data: NOTE, analysis_type: 'diagnosis', patient_id: '17', priority: 'low' }, clinician, 'req-1');
    expect(body).toMatchObject({ status: 'PENDING', analysis_type: 'diagnosis', status_url: expect.stringContaining(body.task_id) });
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0].job).toBe(JobName.MedicalAnalysis);
    expect(enqueued[0].input).toEqual({ medicalData: NOTE, analysisType: 'diagnosis', patientId: '17' });
    expect(enqueued[0].options).toMatchObject({ requestId: 'req-1', priority: 'low', requester: { userId: 'dr.raman', roles: ['clinician'] } });
  });

  it('checks the care team before queueing and writes a denial row, then answers 403', async () => {
    const { sut, mcp, enqueued } = build({ patient_access_check: () => decision(false), audit_append: () => appended });
    const error = await failWith(sut.submit({ medical_data: NOTE, analysis_type: 'treatment', patient_id: '17' }, clinician, 'req-2'));
    expect(error.code).toBe(ErrorCode.Forbidden);
    expect(enqueued).toHaveLength(0);
    expect(mcp.calls.map((c) => c.name)).toEqual(['patient_access_check', 'audit_append']);
    // The caller travels as the signed identity, never as arguments the tools server would trust.
    expect(mcp.calls[0].args).toEqual({ patient_id: 17 });
    expect(mcp.actors[0]).toEqual({ userId: 'dr.raman', roles: ['clinician'] });
    expect(mcp.calls[1].args).toMatchObject({ action: 'patient_access', outcome: 'denied', patient_id: 17, purpose: 'treatment', request_id: 'req-2' });
    expect(mcp.calls[1].args).not.toHaveProperty('actor');
    expect(mcp.actors[1]).toMatchObject({ userId: 'dr.raman', roles: ['clinician'] });
    expect(JSON.stringify(mcp.calls[1].args)).not.toContain('Delgado');
  });

  it('answers 503 instead of 403 when the denial cannot be audited', async () => {
    const { sut, enqueued } = build({
      patient_access_check: () => decision(false),
      audit_append: () => ({ isError: true, text: 'db down', errorCode: 'unavailable' }),
    });
    const error = await failWith(sut.submit({ medical_data: NOTE, patient_id: '17' }, clinician, 'req-3'));
    expect(error.code).toBe(ErrorCode.McpUnavailable);
    expect(enqueued).toHaveLength(0);
  });

  it('refuses research on a patient (400) before asking the tools server anything', async () => {
    const { sut, mcp, enqueued } = build({});
    const error = await failWith(sut.submit({ medical_data: 'E11 outcomes', analysis_type: 'research', patient_id: '17' }, clinician, 'req-4'));
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(mcp.calls).toHaveLength(0);
    expect(enqueued).toHaveLength(0);
  });

  it('queues an analysis without a patient without a care-team check', async () => {
    const { sut, mcp, enqueued } = build({});
    const body = await sut.submit({ medical_data: 'Cough for a week.' }, { userId: 'nurse.kim', roles: ['clinician'] }, 'req-5');
    expect(body.analysis_type).toBe('general');
    expect(mcp.calls).toHaveLength(0);
    expect(enqueued).toHaveLength(1);
  });

  it('refuses a caller without a role of the medical path (403 naming them), queueing nothing', async () => {
    const { sut, mcp, enqueued } = build({});
    const error = await failWith(sut.submit({ medical_data: 'Cough for a week.' }, { userId: 'ana', roles: ['analyst'] }, 'req-5b'));
    expect(error.code).toBe(ErrorCode.Forbidden);
    expect(error.details).toMatchObject({ required_roles: ['clinician', 'admin'] });
    expect(mcp.calls).toHaveLength(0);
    expect(enqueued).toHaveLength(0);
  });

  it('answers 503 without queueing when no LLM is configured', async () => {
    const { sut, enqueued } = build({}, false);
    const error = await failWith(sut.submit({ medical_data: 'Cough.' }, clinician, 'req-6'));
    expect(error.code).toBe(ErrorCode.LlmNotConfigured);
    expect(enqueued).toHaveLength(0);
  });
});
