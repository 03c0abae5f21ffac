/**
 * `npm run db:setup`: prepares every PostgreSQL database named by DATABASE_URL (or each URL in
 * DATABASES) — creates it if missing, migrates, creates medcor_reader/medcor_auditor/medcor_analyst with their
 * grants, fills the demo hospital (DEMO_PATIENTS, default 10,000) when empty — and prints a
 * summary. The URLs must name a user allowed to create databases and roles. Safe to re-run.
 */
import { databaseRegistryOptionsFromEnv, DEFAULT_DEMO_PATIENTS, passwordsFromEnv } from './database-registry';
import { setupPostgresDatabase } from './database-setup';

async function main(): Promise<void> {
  const options = databaseRegistryOptionsFromEnv();
  const urls = options.databases ? Object.entries(options.databases) : options.databaseUrl ? [['medcor_db2', options.databaseUrl]] : [];
  if (urls.length === 0) {
    console.error('db:setup needs DATABASE_URL (postgres://user@host:5432/name) or DATABASES ({"name": "postgres://…"}).');
    console.error('Without either, medcor-tools uses an embedded PGlite database and needs no setup.');
    process.exitCode = 2;
    return;
  }
  for (const [name, url] of urls) {
    const started = Date.now();
    const summary = await setupPostgresDatabase(url, {
      demoPatients: options.demoPatients ?? DEFAULT_DEMO_PATIENTS,
      passwords: passwordsFromEnv(),
    });
    console.log(`[${name}] database ${summary.database}: ${summary.created ? 'created' : 'already existed'}`);
    console.log(`[${name}] migrations applied: ${summary.migrationsApplied.length ? summary.migrationsApplied.join(', ') : 'none (up to date)'}`);
    console.log(`[${name}] roles medcor_reader, medcor_auditor and medcor_analyst (reporting schema only): granted`);
    console.log(`[${name}] demo data: ${summary.dataLoaded ? `loaded in ${(summary.loadMs / 1000).toFixed(1)} s` : 'already present, left alone'}`);
    console.log(`[${name}] rows: ${Object.entries(summary.rowCounts).map(([t, n]) => `${t}=${n}`).join(' ')}`);
    console.log(`[${name}] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

main().catch((error: unknown) => {
  // Only the message: a failing INSERT's text could carry generated (synthetic) patient rows.
  console.error(`db:setup failed: ${(error as Error).message.slice(0, 500)}`);
  process.exitCode = 1;
});
