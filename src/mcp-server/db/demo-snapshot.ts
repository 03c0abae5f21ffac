/**
 * The default demo database, stored built: `assets/pglite/demo-<pglite>-<patients>p-seed<seed>-<generator>.tar.br`
 * holds the data directory that building the demo with exactly those (PGlite version, patients,
 * seed, fingerprint of the generator's code) gives, as a brotli-compressed tar (~14 MB for the
 * 10,000-patient demo's ~125 MB). A first start restores it (~1 s) instead of building (~7 s of
 * PGlite work in WASM plus ~2.5 s of rendering rows). Anything else (another DEMO_PATIENTS or
 * seed, a changed generator, another PGlite) has no snapshot and is built as before;
 * test/integration/pglite-demo-snapshot.integration-spec.ts fails until `npm run db:pristine`
 * stores one again. A snapshot made before a later migration still serves: the start applies what
 * is new (the marker inside names the schema it was set up with).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { constants } from 'node:zlib';
import * as tar from 'tar';
import { PGLITE_ASSET_DIR, installedPgliteVersion } from './pristine-cluster';

export interface DemoSnapshotKey {
  patients: number;
  seed: number;
  /** Fingerprint of the demo generator's code (embedded-database.ts). */
  generator: string;
}

export const DEMO_SNAPSHOT_PATTERN = /^demo-.*\.tar\.br$/;

/**
 * A restored directory holds a PostgreSQL cluster: no file of it is larger than a 1 GB segment.
 * The snapshot is our own committed file; the bound keeps a corrupt or swapped one from filling
 * the disk through a single entry. (The number of entries is not bounded.)
 */
export const MAX_ENTRY_BYTES = 1024 * 1024 * 1024;

export function demoSnapshotFile(key: DemoSnapshotKey, version = installedPgliteVersion(), dir = PGLITE_ASSET_DIR): string {
  return path.join(dir, `demo-${version}-${key.patients}p-seed${key.seed}-${key.generator}.tar.br`);
}

/** The stored demo database for exactly this key and the installed PGlite, if there is one. */
export function demoSnapshot(key: DemoSnapshotKey, version = installedPgliteVersion(), dir = PGLITE_ASSET_DIR): string | undefined {
  const file = demoSnapshotFile(key, version, dir);
  return existsSync(file) ? file : undefined;
}

/**
 * Unpacks a snapshot into `dir` (an empty directory). Only plain files and directories of at most
 * `maxEntryBytes` are taken: a link, a larger entry, or an entry naming a path outside `dir`
 * (tar's default refusal) fails the restore.
 */
export async function restoreDemoSnapshot(file: string, dir: string, maxEntryBytes = MAX_ENTRY_BYTES): Promise<void> {
  let refused: string | undefined;
  await tar.x({
    file,
    cwd: dir,
    brotli: true,
    strict: true,
    noMtime: true,
    filter: (entryPath, entry) => {
      const stat = entry as { type?: string; size?: number };
      const fine = (stat.type === 'File' || stat.type === 'Directory') && (stat.size ?? 0) <= maxEntryBytes;
      if (!fine) refused ??= entryPath;
      return fine;
    },
  });
  if (refused) throw new Error(`The stored demo database ${path.basename(file)} holds an entry that is not a plain file or directory within ${maxEntryBytes} bytes: ${refused}`);
}

/**
 * Brotli at its highest quality with a 16 MB window (~3.5 min once for the demo). minizlib hands
 * these options to zlib's BrotliCompress as they are; its type declares no `params`.
 */
const BROTLI_MAX = { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 } } as NonNullable<tar.TarOptionsWithAliases['brotli']>;

/** Packs a built demo data directory into `file`. */
export async function writeDemoSnapshot(dir: string, file: string): Promise<void> {
  await tar.c({ file, cwd: dir, portable: true, mtime: new Date(0), brotli: BROTLI_MAX }, ['.']);
}
