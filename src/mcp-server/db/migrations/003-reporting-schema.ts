/**
 * The de-identified reporting schema (`reporting`): the only patient data the SQL tools and the
 * analyst role (medcor_analyst, roles.ts) can reach. It applies HIPAA Safe Harbor
 * (45 CFR 164.514(b)(2)) to the `medcor` tables:
 *
 * - No names, SSN, MRN, phone, e-mail, street address, city, NPI or login names; free text
 *   (`encounters.reason`) is left out. Coded clinical facts (ICD-10, LOINC, drug names) stay.
 * - Patients and encounters are keyed by `patient_key` / `encounter_key`: HMAC-SHA256 (truncated
 *   to 80 bits) of `patient:<id>` / `encounter:<id>` under a per-database key. Raw ids are not
 *   published at all, because the medical path shows them to clinicians and would link a row back
 *   to a person; the other row ids (diagnoses, labs…) are dropped since nothing needs to join them.
 *   The HMAC is built from the core sha256() (no pgcrypto, so PostgreSQL 15 and PGlite behave
 *   alike): the key is stored as its inner and outer pads in medcor_private.pseudonym_key, which
 *   only the owner reads; the views join it with the owner's rights, and the key never appears in
 *   a view definition (which the analyst can read in pg_views).
 * - Dates: only the year survives (`admitted_year`, `collected_year`…), plus durations in days
 *   and ages in years, which keep most analyses possible without a date element.
 * - Ages: over 89 are one category, reported as 90 ("90 or older"); birth_year is NULL for them
 *   because the year would reveal the age.
 * - ZIP: the first 3 digits, or '000' for the 3-digit areas under 20,000 people (2000 census
 *   list that Safe Harbor names). State stays (Safe Harbor allows it).
 * - Providers are staff, not patients: their id, specialty and department stay, names and NPI go.
 */

/** Safe Harbor: 3-digit ZIPs whose areas hold 20,000 people or fewer are published as 000. */
export const RESTRICTED_ZIP3 = ['036', '059', '063', '102', '203', '556', '692', '790', '821', '823', '830', '831', '878', '879', '884', '890', '893'];

const KEY_BYTES = 10;

/** HMAC-SHA256 of `<kind>:<id>` under the key row `k`, hex, first KEY_BYTES bytes. */
export function pseudonymSql(kind: 'patient' | 'encounter', idExpression: string): string {
  return `left(encode(sha256(k.outer_pad || sha256(k.inner_pad || convert_to('${kind}:' || ${idExpression}, 'UTF8'))), 'hex'), ${KEY_BYTES * 2})`;
}

const KEY = 'CROSS JOIN medcor_private.pseudonym_key k';
const patientKey = (column: string): string => pseudonymSql('patient', column);
const encounterKey = (column: string): string => pseudonymSql('encounter', column);
const yearOf = (column: string): string => `date_part('year', ${column} AT TIME ZONE 'UTC')::int`;
const cappedAge = (at: string, birth: string): string => `least(date_part('year', age(${at}, ${birth}))::int, 90)`;

export const reportingSchema = `
CREATE SCHEMA IF NOT EXISTS medcor_private;
CREATE TABLE medcor_private.pseudonym_key (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  inner_pad  bytea NOT NULL,
  outer_pad  bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE SCHEMA IF NOT EXISTS reporting;

CREATE VIEW reporting.departments AS
  SELECT d.id AS department_id, d.name, d.building, d.floor FROM medcor.departments d;

CREATE VIEW reporting.providers AS
  SELECT p.id AS provider_id, p.specialty, p.department_id FROM medcor.providers p;

CREATE VIEW reporting.patients AS
  SELECT ${patientKey('p.id')} AS patient_key,
         p.sex,
         CASE WHEN age(current_date, p.date_of_birth) < interval '90 years' THEN date_part('year', p.date_of_birth)::int END AS birth_year,
         ${cappedAge('current_date', 'p.date_of_birth')} AS age_years,
         p.state,
         CASE WHEN p.zip !~ '^[0-9]{3}' THEN NULL
              WHEN left(p.zip, 3) IN (${RESTRICTED_ZIP3.map((z) => `'${z}'`).join(', ')}) THEN '000'
              ELSE left(p.zip, 3) END AS zip3
    FROM medcor.patients p ${KEY};

CREATE VIEW reporting.care_team AS
  SELECT ${patientKey('c.patient_id')} AS patient_key, c.provider_id, c.role FROM medcor.care_team c ${KEY};

CREATE VIEW reporting.encounters AS
  SELECT ${encounterKey('e.id')} AS encounter_key,
         ${patientKey('e.patient_id')} AS patient_key,
         e.provider_id, e.department_id, e.type,
         ${yearOf('e.admitted_at')} AS admitted_year,
         (e.discharged_at::date - e.admitted_at::date) AS length_of_stay_days,
         ${cappedAge('e.admitted_at::date', 'p.date_of_birth')} AS age_at_admission
    FROM medcor.encounters e JOIN medcor.patients p ON p.id = e.patient_id ${KEY};

CREATE VIEW reporting.diagnoses AS
  SELECT ${encounterKey('d.encounter_id')} AS encounter_key,
         ${patientKey('e.patient_id')} AS patient_key,
         d.icd10_code, d.description, d.is_primary, d.status
    FROM medcor.diagnoses d JOIN medcor.encounters e ON e.id = d.encounter_id ${KEY};

CREATE VIEW reporting.medications AS
  SELECT ${patientKey('m.patient_id')} AS patient_key,
         m.name, m.dose, m.route, m.frequency,
         date_part('year', m.start_date)::int AS start_year,
         (m.end_date - m.start_date) AS duration_days,
         m.status
    FROM medcor.medications m ${KEY};

CREATE VIEW reporting.lab_results AS
  SELECT ${patientKey('l.patient_id')} AS patient_key,
         CASE WHEN l.encounter_id IS NOT NULL THEN ${encounterKey('l.encounter_id')} END AS encounter_key,
         l.loinc_code, l.test_name, l.value, l.unit, l.reference_low, l.reference_high, l.abnormal_flag,
         ${yearOf('l.collected_at')} AS collected_year
    FROM medcor.lab_results l ${KEY};

CREATE VIEW reporting.appointments AS
  SELECT ${patientKey('a.patient_id')} AS patient_key, a.provider_id,
         ${yearOf('a.scheduled_at')} AS scheduled_year, a.status
    FROM medcor.appointments a ${KEY};

COMMENT ON SCHEMA reporting IS 'De-identified (HIPAA Safe Harbor) views of the medcor tables';
COMMENT ON COLUMN reporting.patients.patient_key IS 'Stable pseudonym (keyed hash); joins the other views, not reversible';
COMMENT ON COLUMN reporting.patients.birth_year IS 'Year of birth; NULL for patients aged 90 or older';
COMMENT ON COLUMN reporting.patients.age_years IS 'Age today in years; 90 means 90 or older';
COMMENT ON COLUMN reporting.patients.zip3 IS 'First 3 ZIP digits; 000 for low-population areas';
COMMENT ON COLUMN reporting.encounters.encounter_key IS 'Stable pseudonym of the encounter; joins diagnoses and lab_results';
COMMENT ON COLUMN reporting.encounters.admitted_year IS 'Year of admission (no month or day)';
COMMENT ON COLUMN reporting.encounters.length_of_stay_days IS 'Days between admission and discharge; NULL while admitted';
COMMENT ON COLUMN reporting.encounters.age_at_admission IS 'Age in years at admission; 90 means 90 or older';
COMMENT ON COLUMN reporting.medications.duration_days IS 'Days between start and end; NULL while ongoing';
`;
