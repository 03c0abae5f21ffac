/**
 * initdb's output for the installed PGlite, stored compressed in `assets/pglite/` (brotli: ~1.4 MB
 * for a 40 MB cluster, whose three databases are near copies of one another). A new data
 * directory is filled from it instead of running initdb, which takes ~4 s of one core inside
 * WASM: the largest step of the first start. `npm run db:pristine` (scripts/pglite-pristine.js)
 * makes it for the installed PGlite version; any other version has none, and initdb runs as
 * before (test/integration/pglite-pristine.integration-spec.ts fails until it is made again).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** assets/pglite at the root of the checkout or image (three levels above src/ or dist/mcp-server/db): the stored clusters. */
export const PGLITE_ASSET_DIR = path.resolve(__dirname, '..', '..', '..', 'assets', 'pglite');

export function installedPgliteVersion(): string {
  // The package's exports map does not publish its package.json: found from its entry point.
  let dir = path.dirname(require.resolve('@electric-sql/pglite'));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version: string };
      if (name === '@electric-sql/pglite') return version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('@electric-sql/pglite: package.json not found');
    dir = parent;
  }
}

export function pristineClusterFile(version: string, dir = PGLITE_ASSET_DIR): string {
  return path.join(dir, `pristine-${version}.tar.br`);
}

/** The stored cluster for this PGlite version, if there is one. */
export function pristineCluster(version = installedPgliteVersion(), dir = PGLITE_ASSET_DIR): string | undefined {
  const file = pristineClusterFile(version, dir);
  return existsSync(file) ? file : undefined;
}
