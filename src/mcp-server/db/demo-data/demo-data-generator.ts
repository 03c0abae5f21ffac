/**
 * Generates the synthetic hospital, deterministically from a seed, as a stream of row batches in
 * foreign-key order (a whole chunk of patients with everything that hangs off them), so that a
 * 10,000-patient hospital never sits in memory at once. No real people: surnames are assembled
 * from syllables, SSNs use the never-issued 9xx area, phones the fictional 555-01xx range.
 *
 * Fixed personas other code and tests can rely on: provider 1 is `dr.raman` (attending on the
 * care team of patients 1-10), provider 2 is `dr.okafor` (on none of patients 1-10).
 */
import { createHash } from 'node:crypto';
import { SeededRandom } from './seeded-random';
import * as V from './demo-vocabulary';
import { isoUtc, isoUtcDay } from './utc-text';

export type DemoValue = string | number | boolean | null;
export interface DemoBatch {
  table: string;
  columns: readonly string[];
  rows: DemoValue[][];
}
export interface DemoDataOptions {
  patients: number;
  seed?: number;
  /** Patients per yielded chunk. */
  chunkSize?: number;
}

export const DEFAULT_DEMO_SEED = 20260630;
/** Dates are relative to a fixed day, not to now, so the same seed gives the same rows forever. */
const REFERENCE_DAY = Date.UTC(2026, 5, 30);
const DAY_MS = 86_400_000;
const ACUTE = new Set(['J06.9', 'J18.9', 'N39.0', 'R07.9', 'R51.9', 'S72.001A', 'O80', 'Z00.00', 'I21.4']);
const CHRONIC = V.ICD10.filter(([code]) => !ACUTE.has(code));

const COLUMNS = {
  departments: ['id', 'name', 'building', 'floor'],
  providers: ['id', 'user_id', 'first_name', 'last_name', 'specialty', 'department_id', 'npi'],
  patients: ['id', 'mrn', 'first_name', 'last_name', 'date_of_birth', 'sex', 'phone', 'email', 'address', 'city', 'state', 'zip', 'ssn'],
  care_team: ['patient_id', 'provider_id', 'user_id', 'role'],
  encounters: ['id', 'patient_id', 'provider_id', 'department_id', 'type', 'admitted_at', 'discharged_at', 'reason'],
  diagnoses: ['id', 'encounter_id', 'icd10_code', 'description', 'is_primary', 'status'],
  medications: ['id', 'patient_id', 'name', 'dose', 'route', 'frequency', 'start_date', 'end_date', 'status'],
  lab_results: ['id', 'patient_id', 'encounter_id', 'loinc_code', 'test_name', 'value', 'unit', 'reference_low', 'reference_high', 'abnormal_flag', 'collected_at'],
  appointments: ['id', 'patient_id', 'provider_id', 'scheduled_at', 'status'],
} as const;
export const DEMO_TABLES = Object.keys(COLUMNS) as (keyof typeof COLUMNS)[];

const iso = isoUtc;
const day = isoUtcDay;
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

interface Provider { id: number; userId: string; departmentId: number }

export function* generateDemoData(options: DemoDataOptions): Generator<DemoBatch> {
  const rnd = new SeededRandom(options.seed ?? DEFAULT_DEMO_SEED);
  const chunkSize = options.chunkSize ?? 1000;
  const ids = { encounter: 0, diagnosis: 0, medication: 0, lab: 0, appointment: 0 };

  yield {
    table: 'departments',
    columns: COLUMNS.departments,
    rows: V.DEPARTMENTS.map(([name, building], i) => [i + 1, name, building, rnd.int(1, 6)]),
  };

  const providers = makeProviders(rnd, Math.max(24, Math.ceil(options.patients / 50)));
  yield { table: 'providers', columns: COLUMNS.providers, rows: providers.rows };
  const byDepartment = new Map<number, Provider[]>();
  for (const p of providers.list) byDepartment.set(p.departmentId, [...(byDepartment.get(p.departmentId) ?? []), p]);

  for (let first = 1; first <= options.patients; first += chunkSize) {
    const last = Math.min(options.patients, first + chunkSize - 1);
    const out = {
      patients: [] as DemoValue[][], care_team: [] as DemoValue[][], encounters: [] as DemoValue[][],
      diagnoses: [] as DemoValue[][], medications: [] as DemoValue[][], lab_results: [] as DemoValue[][],
      appointments: [] as DemoValue[][],
    };
    for (let patientId = first; patientId <= last; patientId++) {
      const sex = rnd.chance(0.5) ? 'F' : rnd.chance(0.99) ? 'M' : 'X';
      const firstName = rnd.pick(sex === 'F' ? V.FIRST_NAMES_F : V.FIRST_NAMES_M);
      const lastName = rnd.pick(V.SURNAME_HEADS) + rnd.pick(V.SURNAME_TAILS);
      const bornMs = REFERENCE_DAY - rnd.int(0, 95 * 365) * DAY_MS;
      const place = rnd.pick(V.CITIES);
      out.patients.push([
        patientId, `MRN${pad(patientId, 8)}`, firstName, lastName, day(bornMs), sex,
        `555-01${pad(rnd.int(0, 99), 2)}-${pad(rnd.int(0, 9999), 4)}`,
        `${firstName}.${lastName}${patientId}@example.org`.toLowerCase(),
        `${rnd.int(1, 9999)} ${rnd.pick(V.STREETS)} ${rnd.pick(V.STREET_KINDS)}`,
        place.city, place.state, `${place.zip}${pad(rnd.int(0, 99), 2)}`,
        `9${pad(rnd.int(0, 99), 2)}-${pad(rnd.int(1, 99), 2)}-${pad(rnd.int(1, 9999), 4)}`,
      ]);

      const team = careTeamFor(rnd, patientId, providers.list);
      for (const [provider, role] of team) out.care_team.push([patientId, provider.id, provider.userId, role]);

      const conditions = [rnd.pick(CHRONIC), rnd.pick(CHRONIC), rnd.pick(CHRONIC)].slice(0, rnd.int(1, 3));
      const visits = Array.from({ length: rnd.int(4, 16) }, () => REFERENCE_DAY - rnd.int(0, 3650) * DAY_MS - rnd.int(0, 1439) * 60_000)
        .sort((a, b) => a - b);
      for (const admitted of visits) {
        const encounterId = ++ids.encounter;
        const type = rnd.chance(0.65) ? 'outpatient' : rnd.chance(0.6) ? 'emergency' : 'inpatient';
        const primary = rnd.chance(0.6) ? rnd.pick(conditions) : rnd.pick(V.ICD10);
        const departmentId = type === 'emergency' ? 1 : primary[2] + 1;
        const pool = byDepartment.get(departmentId) ?? providers.list;
        const stay = type === 'inpatient' ? rnd.int(1, 10) * DAY_MS : type === 'emergency' ? rnd.int(2, 12) * 3_600_000 : rnd.int(20, 90) * 60_000;
        const stillAdmitted = type === 'inpatient' && REFERENCE_DAY - admitted < 5 * DAY_MS;
        out.encounters.push([
          encounterId, patientId, rnd.pick(pool).id, departmentId, type, iso(admitted),
          stillAdmitted ? null : iso(admitted + stay), rnd.pick(V.ENCOUNTER_REASONS[type]),
        ]);
        const codes = [primary, ...(rnd.chance(0.4) ? [rnd.pick(conditions)] : []), ...(rnd.chance(0.15) ? [rnd.pick(V.ICD10)] : [])];
        const seen = new Set<string>();
        codes.forEach(([code, description], index) => {
          if (seen.has(code)) return;
          seen.add(code);
          const recent = REFERENCE_DAY - admitted < 30 * DAY_MS;
          out.diagnoses.push([++ids.diagnosis, encounterId, code, description, index === 0, ACUTE.has(code) && !recent ? 'resolved' : 'active']);
        });
        for (let n = rnd.int(0, 3); n > 0; n--) {
          const [loinc, name, unit, low, high, mean, spread] = rnd.pick(V.LABS);
          const value = Math.max(0, Number(rnd.around(mean, spread).toFixed(2)));
          const flag = value < low ? 'L' : value > high ? 'H' : 'N';
          out.lab_results.push([++ids.lab, patientId, encounterId, loinc, name, value, unit, low, high, flag, iso(admitted + rnd.int(10, 240) * 60_000)]);
        }
      }

      for (let n = rnd.int(0, 5); n > 0; n--) {
        const [name, dose, route, frequency] = rnd.pick(V.MEDICATIONS);
        const start = REFERENCE_DAY - rnd.int(0, 2000) * DAY_MS;
        const status = rnd.chance(0.55) ? 'active' : rnd.chance(0.5) ? 'stopped' : 'completed';
        const end = status === 'active' ? null : day(Math.min(REFERENCE_DAY, start + rnd.int(7, 400) * DAY_MS));
        out.medications.push([++ids.medication, patientId, name, dose, route, frequency, day(start), end, status]);
      }
      for (let n = rnd.int(0, 4); n > 0; n--) {
        const at = REFERENCE_DAY + rnd.int(-365, 90) * DAY_MS + rnd.int(8 * 4, 17 * 4) * 900_000;
        const status = at > REFERENCE_DAY ? 'scheduled' : rnd.chance(0.8) ? 'completed' : rnd.chance(0.5) ? 'cancelled' : 'no_show';
        out.appointments.push([++ids.appointment, patientId, team[0][0].id, iso(at), status]);
      }
    }
    for (const table of ['patients', 'care_team', 'encounters', 'diagnoses', 'lab_results', 'medications', 'appointments'] as const) {
      yield { table, columns: COLUMNS[table], rows: out[table] };
    }
  }
}

function makeProviders(rnd: SeededRandom, count: number): { list: Provider[]; rows: DemoValue[][] } {
  const list: Provider[] = [];
  const rows: DemoValue[][] = [];
  const used = new Set<string>();
  for (let id = 1; id <= count; id++) {
    let [firstName, lastName, departmentId] =
      id === 1 ? ['Priya', 'Raman', 2] : id === 2 ? ['Chidi', 'Okafor', 3] : ['', '', ((id - 3) % V.DEPARTMENTS.length) + 1];
    if (!firstName) {
      firstName = rnd.pick(rnd.chance(0.5) ? V.FIRST_NAMES_F : V.FIRST_NAMES_M);
      lastName = rnd.pick(V.SURNAME_HEADS) + rnd.pick(V.SURNAME_TAILS);
    }
    let userId = `dr.${String(lastName).toLowerCase()}`;
    if (used.has(userId)) userId = `${userId}${id}`;
    used.add(userId);
    const department = Number(departmentId);
    list.push({ id, userId, departmentId: department });
    rows.push([id, userId, firstName, lastName, V.SPECIALTIES[department - 1], department, `9${pad(id, 9)}`]);
  }
  return { list, rows };
}

function careTeamFor(rnd: SeededRandom, patientId: number, providers: Provider[]): Array<[Provider, string]> {
  const team: Array<[Provider, string]> = [];
  const others = providers.slice(2);
  if (patientId <= 10) team.push([providers[0], 'attending']);
  const wanted = rnd.int(1, 3);
  while (team.length < wanted + (patientId <= 10 ? 1 : 0)) {
    const candidate = patientId <= 10 ? rnd.pick(others) : rnd.pick(providers);
    if (!team.some(([p]) => p.id === candidate.id)) team.push([candidate, team.length === 0 ? 'attending' : rnd.pick(V.CARE_TEAM_ROLES.slice(1))]);
  }
  return team;
}

/** Row counts and a SHA-256 over every generated row, without touching a database. */
export function demoDataChecksum(options: DemoDataOptions): { checksum: string; counts: Record<string, number> } {
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  for (const batch of generateDemoData(options)) {
    counts[batch.table] = (counts[batch.table] ?? 0) + batch.rows.length;
    hash.update(batch.table);
    hash.update(JSON.stringify(batch.rows));
  }
  return { checksum: hash.digest('hex'), counts };
}
