/**
 * patient_record (internal): the minimum necessary record for one patient — demographics
 * without identifiers beyond MRN, active problems, active medications, the last 10 labs and the
 * last 5 encounters. The access check comes first and a refusal throws before any patient
 * table is read. The reader is the gateway-asserted ctx.actor, never a user named in the
 * arguments. Nothing from the record is logged. Contact identifiers (phone, e-mail, address,
 * SSN) come only in structuredContent `identifiers`, for exact de-identification by the gateway.
 */
import { z } from 'zod';
import { defineTool, requireActor, ToolError, ToolErrorCode, type ToolDefinition } from './tool-definition';
import type { DatabaseRegistry } from '../db/database-registry';
import { checkPatientAccess } from '../db/patient-access';
import { engineFor, runOwnSql } from '../db/tool-helpers';
import { patientAccessShape } from './patient-access-check.tool';

const RECORD_SQL = [
  `SELECT id, mrn, first_name, last_name, date_of_birth::text AS date_of_birth, sex,
          date_part('year', age(current_date, date_of_birth))::int AS age
     FROM medcor.patients WHERE id = $1`,
  `SELECT d.icd10_code, d.description, max(e.admitted_at) AS last_noted
     FROM medcor.diagnoses d JOIN medcor.encounters e ON e.id = d.encounter_id
    WHERE e.patient_id = $1 AND d.status = 'active'
    GROUP BY d.icd10_code, d.description ORDER BY last_noted DESC`,
  `SELECT name, dose, route, frequency, start_date::text AS start_date
     FROM medcor.medications WHERE patient_id = $1 AND status = 'active' ORDER BY start_date DESC`,
  `SELECT test_name, loinc_code, value::text AS value, unit, reference_low::text AS reference_low,
          reference_high::text AS reference_high, abnormal_flag, collected_at
     FROM medcor.lab_results WHERE patient_id = $1 ORDER BY collected_at DESC LIMIT 10`,
  `SELECT e.id, e.type, e.admitted_at, e.discharged_at, e.reason, dep.name AS department
     FROM medcor.encounters e JOIN medcor.departments dep ON dep.id = e.department_id
    WHERE e.patient_id = $1 ORDER BY e.admitted_at DESC LIMIT 5`,
  // Contact identifiers are not part of the record: they travel only in structuredContent so the
  // gateway can replace them exactly wherever a clinician's note repeats them (de-identification).
  `SELECT phone, email, address, city, state, zip, ssn FROM medcor.patients WHERE id = $1`,
];

const iso = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v);
const plain = (rows: Array<Record<string, unknown>>): Array<Record<string, unknown>> =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, iso(v)])));

export function patientRecordTool(registry: DatabaseRegistry): ToolDefinition {
  return defineTool({
    name: 'patient_record',
    title: 'Read a patient record (minimum necessary)',
    description: 'Internal: demographics, active problems, active medications, last 10 labs and last 5 encounters, for a clinician on the patient\'s care team.',
    inputSchema: { ...patientAccessShape, purpose: z.string().min(3).max(200).describe('Why the record is needed (audited by the caller)') },
    audience: 'internal',
    readOnly: true,
    async handler(args, ctx) {
      const actor = requireActor(ctx, 'patient_record');
      const { engine } = engineFor(registry, args.database);
      const options = { statementTimeoutMs: registry.statementTimeoutMs, signal: ctx.signal };
      const decision = await checkPatientAccess(engine, { patient_id: args.patient_id, user_id: actor.userId, roles: actor.roles }, options);
      if (!decision.allowed) throw new ToolError(ToolErrorCode.Forbidden, `Access denied: ${decision.reason}`, { reason: decision.reason });
      const [patient, problems, medications, labs, encounters, identifiers] = await runOwnSql<[unknown, unknown, unknown, unknown, unknown, unknown]>(
        engine, 'reader', { readOnly: true, ...options }, RECORD_SQL.map((sql) => ({ sql, params: [args.patient_id] })),
      );
      if (patient.length === 0) throw new ToolError(ToolErrorCode.NotFound, `No patient ${args.patient_id}.`);
      const p = patient[0];
      const record = {
        patient: p,
        active_problems: plain(problems),
        active_medications: plain(medications),
        recent_labs: plain(labs),
        recent_encounters: plain(encounters),
      };
      const text = [
        `Patient ${String(p.first_name)} ${String(p.last_name)} (MRN ${String(p.mrn)}), ${String(p.sex)}, born ${String(p.date_of_birth)}, age ${String(p.age)}`,
        `Active problems: ${problems.map((d) => `${String(d.icd10_code)} ${String(d.description)}`).join('; ') || 'none'}`,
        `Active medications: ${medications.map((m) => `${String(m.name)} ${String(m.dose)} ${String(m.route)} ${String(m.frequency)}`).join('; ') || 'none'}`,
        'Recent labs:',
        ...labs.map((l) => `  ${String(iso(l.collected_at)).slice(0, 10)} ${String(l.test_name)}: ${String(l.value)} ${String(l.unit)} [${String(l.reference_low)}-${String(l.reference_high)}] ${String(l.abnormal_flag ?? '')}`),
        'Recent encounters:',
        ...encounters.map((e) => `  ${String(iso(e.admitted_at)).slice(0, 10)} ${String(e.type)} (${String(e.department)}): ${String(e.reason)}`),
      ].join('\n');
      return { text, data: { ...record, identifiers: identifiers[0] ?? {}, access: decision, purpose: args.purpose } };
    },
  }) as unknown as ToolDefinition;
}
