/**
 * `node embedded-database-builder.js <name> <dir> <spec JSON>`: builds one demo database
 * directory and exits, so the memory of the build leaves with this process (see
 * embedded-database.ts, which forks it). Reports the setup summary over IPC; on failure only the
 * message, never rows (a failing statement's text could carry generated patient data).
 */
import { buildDemoDirectory, type DemoSpec } from './embedded-database';

const [name, dir, spec] = process.argv.slice(2);

buildDemoDirectory(name, dir, JSON.parse(spec) as DemoSpec).then(
  (setup) => (process.send ? process.send({ setup }, () => process.exit(0)) : process.exit(0)),
  (error: unknown) => {
    process.stderr.write(`${((error as Error)?.message ?? String(error)).slice(0, 500)}\n`);
    process.exit(1);
  },
);
