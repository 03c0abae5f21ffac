#!/usr/bin/env node
'use strict';
/**
 * `npm run db:pristine`: stores initdb's output for the installed PGlite in
 * assets/pglite/pristine-<version>.tar.br, which new embedded data directories are filled from
 * instead of running initdb (src/mcp-server/db/pristine-cluster.ts). Run it after upgrading
 * PGlite (the pristine-cluster spec fails until then); it removes the files of other versions.
 * Takes ~25 s: initdb, then brotli at its highest quality with a 16 MB window, which stores the
 * cluster's three near-identical databases about once.
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { PGlite } = require('@electric-sql/pglite');
const { buildDist } = require('./build-dist');

// Where the file goes and how it is named come from the module that reads it (built first).
buildDist(['mcp-server/db/pristine-cluster.ts']);
const { PRISTINE_DIR, installedPgliteVersion, pristineClusterFile } = require('../dist/mcp-server/db/pristine-cluster.js');

async function main() {
  const version = installedPgliteVersion();
  const db = await PGlite.create();
  await db.query('SELECT 1');
  const tar = Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer());
  await db.close();
  const compressed = zlib.brotliCompressSync(tar, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: tar.length },
  });
  fs.mkdirSync(PRISTINE_DIR, { recursive: true });
  for (const old of fs.readdirSync(PRISTINE_DIR).filter((f) => /^pristine-.*\.tar\.br$/.test(f))) fs.rmSync(path.join(PRISTINE_DIR, old));
  const file = pristineClusterFile(version);
  fs.writeFileSync(file, compressed);
  process.stdout.write(`${path.relative(process.cwd(), file)}: PGlite ${version}, ${tar.length} bytes of cluster in ${compressed.length}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
