/**
 * The stored default demo database (assets/pglite, src/mcp-server/db/demo-snapshot.ts): there is
 * one for the installed PGlite and the current demo generator, a first start restores it instead
 * of building (through ensureDemoDirectory, as `npm start` does), and what it restores is the
 * generator's demo: every table's row count, and the first patients row for row.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_DATABASE, DEFAULT_DEMO_PATIENTS } from '../../src/mcp-server/db/database-registry';
import { DEFAULT_DEMO_SEED, demoDataChecksum, generateDemoData, type DemoValue } from '../../src/mcp-server/db/demo-data/demo-data-generator';
import { demoSnapshot, demoSnapshotFile } from '../../src/mcp-server/db/demo-snapshot';
import { ensureDemoDirectory, openEmbeddedDatabase, wantedOf } from '../../src/mcp-server/db/embedded-database';

const FIRST_PATIENTS = 25;

describe('stored demo database snapshot', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'medcor-demo-snapshot-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exists for the installed PGlite, the default demo and the current generator (else: npm run db:pristine)', () => {
    const wanted = wantedOf({ demoPatients: DEFAULT_DEMO_PATIENTS });
    expect({ wanted, stored: demoSnapshot(wanted) }).toEqual({ wanted, stored: demoSnapshotFile(wanted) });
  });

  // Not timed: restoring the snapshot and opening it has taken over the suite's 30 s on a loaded
  // 2-core machine (a CI run beside benchmarks), so it gets 90 s.
  it('restores on a first start, and holds the generator rows', async () => {
    const dataDir = path.join(dir, 'pglite');
    const built = await ensureDemoDirectory({ name: DEFAULT_DATABASE, dataDir, demoPatients: DEFAULT_DEMO_PATIENTS });
    const { counts } = demoDataChecksum({ patients: DEFAULT_DEMO_PATIENTS, seed: DEFAULT_DEMO_SEED });
    expect(built).toMatchObject({ created: true, dataLoaded: true, rowCounts: counts });

    const { engine, setup } = await openEmbeddedDatabase({ name: DEFAULT_DATABASE, dataDir, demoPatients: DEFAULT_DEMO_PATIENTS });
    try {
      expect(setup.created).toBe(false);
      const admin = engine.admin();
      const stored: Record<string, number> = {};
      for (const table of Object.keys(counts)) {
        stored[table] = (await admin.rows<{ n: number }>(`SELECT count(*)::int AS n FROM medcor.${table}`))[0].n;
      }
      expect(stored).toEqual(counts);
      const rows = await admin.rows<Record<string, string | number>>(
        `SELECT id, mrn, first_name, last_name, date_of_birth::text AS dob, phone, ssn FROM medcor.patients ORDER BY id LIMIT ${FIRST_PATIENTS}`,
      );
      // The generator is lazy: its first batch of patients is made without the rest.
      let generated: DemoValue[][] = [];
      for (const batch of generateDemoData({ patients: DEFAULT_DEMO_PATIENTS, seed: DEFAULT_DEMO_SEED })) {
        if (batch.table !== 'patients') continue;
        generated = batch.rows.slice(0, FIRST_PATIENTS);
        break;
      }
      const expected = generated.map(([id, mrn, first, last, dob, , phone, , , , , , ssn]) => ({ id, mrn, first_name: first, last_name: last, dob, phone, ssn }));
      expect(rows).toEqual(expected);
    } finally {
      await engine.close();
    }
  }, 90_000);
});
