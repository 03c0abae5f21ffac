/**
 * cohort_statistics (internal): de-identified aggregates over patients with a condition —
 * counts, age bands and sex split, never rows. What is published passes cohort-disclosure.ts
 * (small cells and their complements suppressed, counts rounded); a cohort under 5 reports
 * nothing but that fact.
 */
import { z } from 'zod';
import { defineTool, type ToolDefinition } from './tool-definition';
import type { DatabaseRegistry } from '../db/database-registry';
import { databaseArg, engineFor, runOwnSql } from '../db/tool-helpers';
import { CELL_ROUNDING, publishDimension, publishTotal, SMALL_CELL, TOTAL_ROUNDING } from './cohort-disclosure';

export { SMALL_CELL } from './cohort-disclosure';
const AGE_BANDS = ['0-17', '18-34', '35-49', '50-64', '65-79', '80+'] as const;

const COHORT_SQL = `
  WITH cohort AS (
    SELECT DISTINCT p.id, p.sex, date_part('year', age(current_date, p.date_of_birth))::int AS age
      FROM medcor.patients p
     WHERE ($1::text IS NULL OR EXISTS (
             SELECT 1 FROM medcor.encounters e JOIN medcor.diagnoses d ON d.encounter_id = e.id
              WHERE e.patient_id = p.id AND d.icd10_code LIKE $1 || '%'
                AND ($2::text IS NULL OR d.status = $2)))
       AND ($3::text IS NULL OR p.sex = $3)
  ), banded AS (
    SELECT sex, CASE WHEN age < 18 THEN '0-17' WHEN age < 35 THEN '18-34' WHEN age < 50 THEN '35-49'
                     WHEN age < 65 THEN '50-64' WHEN age < 80 THEN '65-79' ELSE '80+' END AS band
      FROM cohort WHERE ($4::int IS NULL OR age >= $4) AND ($5::int IS NULL OR age <= $5)
  )
  SELECT 'band' AS kind, band AS key, count(*)::int AS n FROM banded GROUP BY band
  UNION ALL SELECT 'sex', sex, count(*)::int FROM banded GROUP BY sex
  UNION ALL SELECT 'total', 'all', count(*)::int FROM banded`;

export function cohortStatisticsTool(registry: DatabaseRegistry): ToolDefinition {
  return defineTool({
    name: 'cohort_statistics',
    title: 'Cohort statistics (de-identified)',
    description:
      'Internal: counts, age bands and sex split for patients with a diagnosis code prefix; cells under 5 and their complements ' +
      `are suppressed, cells rounded to ${CELL_ROUNDING} and the total to ${TOTAL_ROUNDING}. Never returns patient rows.`,
    inputSchema: {
      database: databaseArg,
      condition_icd10_prefix: z.string().regex(/^[A-Za-z][0-9A-Za-z.]{0,7}$/, 'an ICD-10 code or prefix such as E11 or I10').optional(),
      diagnosis_status: z.enum(['active', 'resolved']).optional(),
      sex: z.enum(['F', 'M', 'X']).optional(),
      min_age: z.number().int().min(0).max(130).optional(),
      max_age: z.number().int().min(0).max(130).optional(),
    },
    audience: 'internal',
    readOnly: true,
    async handler(args, ctx) {
      const { engine, database } = engineFor(registry, args.database);
      const prefix = args.condition_icd10_prefix?.toUpperCase() ?? null;
      const [rows] = await runOwnSql<[unknown]>(engine, 'reader', { readOnly: true, statementTimeoutMs: registry.statementTimeoutMs, signal: ctx.signal }, [
        { sql: COHORT_SQL, params: [prefix, args.diagnosis_status ?? null, args.sex ?? null, args.min_age ?? null, args.max_age ?? null] },
      ]);
      const total = Number(rows.find((r) => r.kind === 'total')?.n ?? 0);
      const filters = { condition_icd10_prefix: prefix, diagnosis_status: args.diagnosis_status ?? null, sex: args.sex ?? null, min_age: args.min_age ?? null, max_age: args.max_age ?? null };
      if (total > 0 && total < SMALL_CELL) {
        return {
          text: 'The cohort has fewer than 5 patients; statistics are suppressed.',
          data: { database, filters, patient_count: '<5', suppressed: true, age_bands: {}, sex: {} },
        };
      }
      const count = (kind: string, key: string): number => Number(rows.find((r) => r.kind === kind && r.key === key)?.n ?? 0);
      const ageBands = publishDimension(Object.fromEntries(AGE_BANDS.map((band) => [band, count('band', band)])));
      const sex = publishDimension(Object.fromEntries(['F', 'M', 'X'].map((s) => [s, count('sex', s)])));
      const patientCount = publishTotal(total);
      const text = [
        `Patients: about ${patientCount}${prefix ? ` with a diagnosis ${prefix}*` : ''}`,
        `Age bands: ${Object.entries(ageBands).map(([k, v]) => `${k}: ${v}`).join(', ')}`,
        `Sex: ${Object.entries(sex).map(([k, v]) => `${k}: ${v}`).join(', ')}`,
        `Cells under ${SMALL_CELL} are shown as <5 and enough others as "suppressed" that none can be recovered; ` +
          `cells are rounded to ${CELL_ROUNDING}, the total to ${TOTAL_ROUNDING}.`,
      ].join('\n');
      return {
        text,
        data: {
          database, filters, patient_count: patientCount, suppressed: false, age_bands: ageBands, sex,
          small_cell_threshold: SMALL_CELL, rounding: { cells: CELL_ROUNDING, total: TOTAL_ROUNDING },
        },
      };
    },
  }) as unknown as ToolDefinition;
}
