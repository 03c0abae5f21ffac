/**
 * Builds the embedded demo database in a process of its own, so the memory of the build leaves
 * with this process (see embedded-database.ts). Two ways to run it:
 * - `node embedded-database-builder.js <name> <dir> <spec JSON>`: builds one directory and exits
 *   (forked by embedded-database.ts, which moves the directory into place);
 * - `node embedded-database-builder.js --ensure`: makes sure PGLITE_DATA_DIR holds the demo
 *   database the tools server would want with this environment (DEMO_PATIENTS), building it when
 *   missing. `npm start` runs it before the tools server has loaded, which then waits for it.
 * Reports over IPC (`{ building: true }` once it has claimed the build, then the setup summary);
 * on failure only the message, never rows (a failing statement's text could carry generated
 * patient data).
 */
import { DEFAULT_DATABASE, DEFAULT_DEMO_PATIENTS, databaseRegistryOptionsFromEnv } from './database-registry';
import type { SetupSummary } from './database-setup';
import { buildDemoDirectory, ensureDemoDirectory, type DemoSpec } from './embedded-database';

function ensureFromEnv(): Promise<SetupSummary | undefined> {
  const options = databaseRegistryOptionsFromEnv(process.env);
  if (!options.dataDir) throw new Error('--ensure needs PGLITE_DATA_DIR');
  return ensureDemoDirectory(
    { name: DEFAULT_DATABASE, dataDir: options.dataDir, demoPatients: options.demoPatients ?? DEFAULT_DEMO_PATIENTS, seed: options.seed },
    { onBuilding: () => process.send?.({ building: true }) },
  );
}

const [first, dir, spec] = process.argv.slice(2);
const work = first === '--ensure' ? ensureFromEnv() : buildDemoDirectory(first, dir, JSON.parse(spec) as DemoSpec);

work.then(
  (setup) => (process.send ? process.send({ setup }, () => process.exit(0)) : process.exit(0)),
  (error: unknown) => {
    process.stderr.write(`${((error as Error)?.message ?? String(error)).slice(0, 500)}\n`);
    process.exit(1);
  },
);
