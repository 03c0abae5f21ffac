import type { BaseMessage } from '@langchain/core/messages';
import { ScriptedMcpClient, type ToolHandler } from '../../test/helpers/scripted-mcp-client';
import type { z } from 'zod';
import type { AppConfigService } from '../core/config';
import { AppError, ErrorCode } from '../core/errors';
import type { LlmService } from '../core/llm/llm.service';
import type { McpToolResult } from '../core/mcp/mcp-client';
import { MEDICAL_DISCLAIMER } from './analysis/medical-result';
import { AnalysisInput, MedicalAnalysisService } from './medical-analysis.service';
import { MedicalAuditService } from './medical-audit.service';
import type { CacheScope, MedicalResultCache } from './medical-result-cache.service';
import { PatientDataService } from './patient-data.service';

class FakeMcp extends ScriptedMcpClient {
  audits = () => this.argsOf('audit_append');
}

const RECORD = {
  patient: { id: 4711, mrn: 'MRN-00412345', first_name: 'Maria', last_name: 'Delgado', date_of_birth: '1961-04-12', sex: 'F', age: 63 },
  active_problems: [{ icd10_code: 'I10', description: 'Essential hypertension', last_noted: '2024-05-01T10:00:00.000Z' }],
  active_medications: [{ name: 'Lisinopril', dose: '10 mg', route: 'oral', frequency: 'daily', start_date: '2023-02-01' }],
  recent_labs: [],
  recent_encounters: [{ id: 9001, type: 'outpatient', admitted_at: '2024-05-01T10:00:00.000Z', reason: 'Hypertension follow-up', department: 'Cardiology' }],
};
const NOTE =
  'Maria Delgado (MRN-00412345, DOB 04/12/1961) reports chest tightness on exertion. Phone (617) 555-0142, ' +
  'maria.delgado@example.com, 42 Harbor View Road, SSN 123-45-6789.';
// The birth year alone may stay (Safe Harbor allows years; a shift keeps it most of the time);
// the date of birth in any form may not.
const IDENTIFIERS = ['Maria', 'Delgado', 'MRN-00412345', '04/12/1961', '1961-04-12', '555-0142', 'maria.delgado@example.com', 'Harbor View', '123-45-6789'];

const decision = (allowed: boolean): McpToolResult => ({ isError: false, text: '', data: { allowed, reason: allowed ? 'on team' : 'not on team' } });
const ok: McpToolResult = { isError: false, text: 'ok', data: { id: '1' } };
const recordResult: McpToolResult = { isError: false, text: 'record', data: { ...RECORD, access: { allowed: true }, purpose: 'diagnosis' } };

function diagnosisAnswer(userText: string): Record<string, unknown> {
  const person = /\[PERSON_\d+\]/.exec(userText)?.[0] ?? 'the patient';
  return {
    summary: `${person} has exertional chest tightness.`,
    findings: ['Known hypertension'],
    red_flags: [{ finding: 'Possible unstable angina', urgency: 'urgent', action: 'Same-day ECG and troponin' }],
    confidence: 0.6,
    differential: [{ condition: 'Stable angina', icd10_code: 'I20.9', likelihood: 'high', supporting_evidence: ['exertional'], against: [] }],
    suggested_tests: ['ECG'],
  };
}

function build(handlers: Record<string, ToolHandler>, answer: (userText: string) => unknown = diagnosisAnswer) {
  const mcp = new FakeMcp(handlers);
  const prompts: string[] = [];
  const llm = {
    primaryModel: () => 'gpt-4o-mini',
    structured: async (schema: z.ZodType, _name: string, messages: BaseMessage[]) => {
      const text = messages.map((m) => String(m.content)).join('\n');
      prompts.push(text);
      const raw = answer(text);
      if (raw instanceof Error) throw raw;
      return schema.parse(raw);
    },
  } as unknown as LlmService;
  const store = new Map<string, unknown>();
  const cache = {
    get: async (scope: CacheScope) => store.get(JSON.stringify(scope)),
    set: async (scope: CacheScope, value: unknown) => void store.set(JSON.stringify(scope), value),
  } as unknown as MedicalResultCache;
  const config = { all: { security: { phiKey: Buffer.alloc(32, 3) } } } as unknown as AppConfigService;
  const sut = new MedicalAnalysisService(new PatientDataService(mcp), new MedicalAuditService(mcp), cache, llm, config);
  const steps: string[] = [];
  const run = (input: AnalysisInput) =>
    sut.analyse({
      taskId: 'task-1',
      requester: { userId: 'dr.raman', roles: ['clinician'] },
      requestId: 'req-1',
      input,
      signal: new AbortController().signal,
      progress: async (_p, message) => void steps.push(message),
    });
  return { run, mcp, prompts, steps, store };
}

const diagnosis: AnalysisInput = { medicalData: NOTE, analysisType: 'diagnosis', patientId: 4711 };
const allTools = { patient_access_check: () => decision(true), patient_record: () => recordResult, audit_append: () => ok };

async function failure(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('MedicalAnalysisService', () => {
  it('runs authorise → load record → de-identify → analyse → re-identify → store', async () => {
    const { run, steps, mcp } = build(allTools);
    await run(diagnosis);
    expect(steps).toEqual(['Authorising', 'Loading the patient record', 'De-identifying', 'Analysing', 'Re-identifying', 'Storing the result']);
    expect(mcp.names()).toEqual(['patient_access_check', 'patient_record', 'audit_append', 'audit_append']);
    expect(mcp.calls[1].args).toEqual({ patient_id: 4711, purpose: 'diagnosis' });
    expect(mcp.actors[1]).toEqual({ userId: 'dr.raman', roles: ['clinician'], purpose: 'diagnosis', taskId: 'task-1' });
  });

  it('sends the model no identifier from the notes or the record, and re-identifies the answer', async () => {
    const { run, prompts } = build(allTools);
    const outcome = await run(diagnosis);
    expect(prompts).toHaveLength(1);
    for (const identifier of IDENTIFIERS) expect(prompts[0]).not.toContain(identifier);
    expect(prompts[0]).toContain('[PERSON_1]');
    expect(prompts[0]).toContain('Essential hypertension');
    const result = outcome.result as { analysis: { summary: string; differential: unknown[] }; disclaimer: string; patient_id: number; cached: boolean };
    expect(result.analysis.summary).toBe('Maria Delgado has exertional chest tightness.');
    expect(result.analysis.differential).toHaveLength(1);
    expect(result.disclaimer).toBe(MEDICAL_DISCLAIMER);
    expect(result.patient_id).toBe(4711);
    expect(result.cached).toBe(false);
  });

  it('replaces contact identifiers the tool supplies for de-identification and never forwards them', async () => {
    const identifiers = { phone: '555-0123-4567', email: 'm.d@example.org', address: '7 Elm Way', ssn: '912-34-5678' };
    const { run, prompts } = build({ ...allTools, patient_record: () => ({ ...recordResult, data: { ...RECORD, identifiers } }) });
    await run({ ...diagnosis, medicalData: 'Call 555-0123-4567 or m.d@example.org; lives at 7 Elm Way.' });
    for (const value of Object.values(identifiers)) expect(prompts[0]).not.toContain(value);
    expect(prompts[0]).not.toContain('"identifiers"');
  });

  it('audits the record read and the successful analysis with task, request and purpose', async () => {
    const { run, mcp } = build(allTools);
    await run(diagnosis);
    const rows = mcp.audits();
    expect(rows[0]).toMatchObject({ action: 'patient_record_read', outcome: 'success', patient_id: 4711, purpose: 'diagnosis', task_id: 'task-1', request_id: 'req-1' });
    expect(mcp.actors[mcp.names().indexOf('audit_append')]).toMatchObject({ userId: 'dr.raman', roles: ['clinician'], taskId: 'task-1' });
    expect(rows[1]).toMatchObject({ action: 'medical_analysis', outcome: 'success', patient_id: 4711, purpose: 'diagnosis', task_id: 'task-1' });
    for (const identifier of IDENTIFIERS) expect(JSON.stringify(rows)).not.toContain(identifier);
  });

  it('stops before reading the record when access was revoked while the job waited, and audits it', async () => {
    const { run, mcp, prompts } = build({ ...allTools, patient_access_check: () => decision(false) });
    const error = await failure(run(diagnosis));
    expect(error.code).toBe(ErrorCode.Forbidden);
    expect(mcp.names()).not.toContain('patient_record');
    expect(prompts).toHaveLength(0);
    expect(mcp.audits().map((r) => `${String(r.action)}:${String(r.outcome)}`)).toEqual(['patient_access:denied', 'medical_analysis:failure']);
  });

  it('drops the record unanalysed when its read cannot be audited', async () => {
    const { run, prompts } = build({ ...allTools, audit_append: () => ({ isError: true, text: 'down', errorCode: 'unavailable' }) });
    const error = await failure(run(diagnosis));
    expect(error.code).toBe(ErrorCode.McpUnavailable);
    expect(error.transient).toBe(true);
    expect(prompts).toHaveLength(0);
  });

  it('audits a refused record read as denied', async () => {
    const { run, mcp } = build({ ...allTools, patient_record: () => ({ isError: true, text: 'Access denied', errorCode: 'forbidden' }) });
    expect((await failure(run(diagnosis))).code).toBe(ErrorCode.Forbidden);
    expect(mcp.audits().map((r) => `${String(r.action)}:${String(r.outcome)}`)).toEqual(['patient_record_read:denied', 'medical_analysis:failure']);
  });

  it('audits a failed analysis with its error code and no patient text', async () => {
    const { run, mcp } = build(allTools, () => new AppError(ErrorCode.LlmUnavailable, 'The LLM server answered 500', { transient: true }));
    expect((await failure(run(diagnosis))).code).toBe(ErrorCode.LlmUnavailable);
    const last = mcp.audits().at(-1);
    expect(last).toMatchObject({ action: 'medical_analysis', outcome: 'failure', task_id: 'task-1', details: { code: ErrorCode.LlmUnavailable } });
  });

  it('answers the same question from the same caller from the cache, re-checking access and auditing', async () => {
    const { run, mcp, prompts } = build(allTools);
    await run(diagnosis);
    mcp.calls.length = 0;
    const again = await run(diagnosis);
    expect((again.result as { cached: boolean }).cached).toBe(true);
    expect(prompts).toHaveLength(1);
    expect(mcp.names()).toEqual(['patient_access_check', 'audit_append']);
    expect(mcp.audits()[0]).toMatchObject({ action: 'medical_analysis', outcome: 'success', details: { cached: true } });
  });

  it('research reads only cohort aggregates for the code in the question, never a record', async () => {
    const cohort = { filters: { condition_icd10_prefix: 'E11' }, patient_count: 120, suppressed: false, age_bands: { '50-64': 40 }, sex: { F: 60, M: 60 } };
    const { run, mcp, prompts } = build(
      { cohort_statistics: () => ({ isError: false, text: '', data: { database: 'medcor_db2', ...cohort } }), audit_append: () => ok },
      () => ({
        summary: 'E11 cohort.',
        findings: [],
        red_flags: [],
        confidence: 0.5,
        cohort_statistics: { population: 'E11', key_statistics: [{ measure: 'patients', value: '120' }], limitations: [] },
      }),
    );
    const outcome = await run({ medicalData: 'Age distribution of E11 patients?', analysisType: 'research' });
    expect(mcp.names()).toEqual(['cohort_statistics', 'audit_append']);
    expect(mcp.calls[0].args).toEqual({ condition_icd10_prefix: 'E11' });
    expect(prompts[0]).toContain('"patient_count":120');
    expect(prompts[0]).not.toContain('medcor_db2');
    expect((outcome.result as { cohort: unknown }).cohort).toEqual(cohort);
  });
  it('sends byte-identical de-identified text on every attempt of the same task, with or without a patient', async () => {
    const freeText: AnalysisInput = { medicalData: 'Seen 03/04/2021 and again on March 20, 2021 by Dr. Ana Ruiz.', analysisType: 'diagnosis' };
    for (const input of [freeText, diagnosis]) {
      const first = build(allTools);
      const retry = build(allTools);
      await first.run(input);
      await retry.run(input);
      expect(retry.prompts[0]).toBe(first.prompts[0]);
    }
  });

  it('shifts a patient\'s dates by the same keyed amount in different requests', async () => {
    const shiftOf = (prompt: string) => /\[DATE_\d+: (\d{4}-\d{2}-\d{2})\]/.exec(prompt)![1];
    const a = build(allTools);
    const b = build(allTools);
    await a.run({ ...diagnosis, medicalData: 'Chest pain since 2024-01-10.' });
    await b.run({ ...diagnosis, medicalData: 'Follow-up visit 2024-01-10, feels better, walked 2 km.' });
    expect(shiftOf(b.prompts[0])).toBe(shiftOf(a.prompts[0]));
    expect(shiftOf(a.prompts[0])).not.toBe('2024-01-10');
  });
});
