#!/usr/bin/env node
'use strict';
/**
 * `npm run db:pristine`: stores, in assets/pglite/, what the embedded database starts from:
 * - pristine-<version>.tar.br: initdb's output for the installed PGlite, which new embedded data
 *   directories are filled from instead of running initdb (src/mcp-server/db/pristine-cluster.ts);
 *   ~25 s: initdb, then brotli at its highest quality with a 16 MB window, which stores the
 *   cluster's three near-identical databases about once;
 * - demo-<version>-10000p-seed<seed>-<generator>.tar.br: the default demo database built from it
 *   (src/mcp-server/db/demo-snapshot.ts), which a first start restores instead of building it;
 *   ~10 s to build, ~3 min of brotli.
 * Run it after upgrading PGlite or changing the demo generator (the pristine-cluster and
 * demo-snapshot specs fail until then); it removes the files it replaces. `--demo` makes the demo
 * snapshot only.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { PGlite } = require('@electric-sql/pglite');
const { buildDist } = require('./build-dist');

// Where the files go and how they are named come from the modules that read them (built first).
buildDist();
const { PGLITE_ASSET_DIR, installedPgliteVersion, pristineClusterFile } = require('../dist/mcp-server/db/pristine-cluster.js');
const { DEMO_SNAPSHOT_PATTERN, demoSnapshotFile, writeDemoSnapshot } = require('../dist/mcp-server/db/demo-snapshot.js');
const { buildDemoDirectory, wantedOf } = require('../dist/mcp-server/db/embedded-database.js');
const { DEFAULT_DATABASE, DEFAULT_DEMO_PATIENTS } = require('../dist/mcp-server/db/database-registry.js');

async function storePristine() {
  const version = installedPgliteVersion();
  const db = await PGlite.create();
  await db.query('SELECT 1');
  const tar = Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer());
  await db.close();
  const compressed = zlib.brotliCompressSync(tar, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: tar.length },
  });
  fs.mkdirSync(PGLITE_ASSET_DIR, { recursive: true });
  for (const old of fs.readdirSync(PGLITE_ASSET_DIR).filter((f) => /^pristine-.*\.tar\.br$/.test(f))) fs.rmSync(path.join(PGLITE_ASSET_DIR, old));
  const file = pristineClusterFile(version);
  fs.writeFileSync(file, compressed);
  process.stdout.write(`${path.relative(process.cwd(), file)}: PGlite ${version}, ${tar.length} bytes of cluster in ${compressed.length}\n`);
}

/** Builds the default demo (from the pristine cluster just stored) and stores its directory. */
async function storeDemo() {
  const wanted = wantedOf({ demoPatients: DEFAULT_DEMO_PATIENTS });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcor-demo-snapshot-'));
  try {
    await buildDemoDirectory(DEFAULT_DATABASE, dir, wanted, { build: true });
    const file = demoSnapshotFile(wanted);
    const partial = `${file}.partial`;
    await writeDemoSnapshot(dir, partial);
    for (const old of fs.readdirSync(PGLITE_ASSET_DIR).filter((f) => DEMO_SNAPSHOT_PATTERN.test(f))) fs.rmSync(path.join(PGLITE_ASSET_DIR, old));
    fs.renameSync(partial, file);
    process.stdout.write(`${path.relative(process.cwd(), file)}: ${wanted.patients} patients, seed ${wanted.seed}, ${fs.statSync(file).size} bytes\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (!process.argv.includes('--demo')) await storePristine();
  await storeDemo();
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
