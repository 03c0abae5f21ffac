/**
 * The embedded demo database (PGlite) and its data directory. Built once: a directory that holds
 * a finished demo database (its `medcor-demo.json` names the patients, seed and generator it was
 * built with) is opened as it is, after the idempotent migrations and grants; anything else is
 * built in a sibling directory and moved into place when complete, so an interrupted first start
 * never leaves half a database behind. The build runs in a child process of its own
 * (embedded-database-builder.ts), which ends before the serving worker opens the directory: the
 * load's memory (a WASM heap never shrinks, and a finished worker thread's is not all given back
 * to the system: ~100 MB stayed) is not kept by the tools server. From source, without a build
 * (ts-jest), it runs in a worker of this process instead. Without a data directory the database
 * lives in a private temp directory, built the same way.
 */
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareDatabase, type SetupSummary } from './database-setup';
import { DEFAULT_DEMO_SEED } from './demo-data/demo-data-generator';
import { PgliteSqlEngine, type PgliteSqlEngineOptions } from './pglite-sql-engine';

const MARKER = 'medcor-demo.json';

export interface EmbeddedDatabaseOptions {
  name: string;
  /** Kept between starts when given; a private temp directory (removed on close) otherwise. */
  dataDir?: string;
  demoPatients: number;
  seed?: number;
  queue?: PgliteSqlEngineOptions['queue'];
}

interface Marker {
  patients: number;
  seed: number;
  generator: string;
  rowCounts: Record<string, number>;
  builtAt: string;
  loadMs: number;
}

export interface EmbeddedDatabase {
  engine: PgliteSqlEngine;
  setup: SetupSummary;
  /** Whether this start built the database (false: an existing directory was opened). */
  built: boolean;
}

export async function openEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const wanted = { patients: options.demoPatients, seed: options.seed ?? DEFAULT_DEMO_SEED, generator: generatorFingerprint() };
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : undefined;
  if (dataDir && hasFiles(dataDir)) {
    const marker = await readMarker(dataDir);
    const stale = marker && (marker.patients !== wanted.patients || marker.seed !== wanted.seed || marker.generator !== wanted.generator);
    if (!stale) return { ...(await openExisting(options, dataDir, marker)), built: false };
    // Another demo (DEMO_PATIENTS, seed or generator changed): built anew below, then swapped in.
  }
  const target = dataDir ?? (await mkdtemp(path.join(tmpdir(), 'medcor-pglite-')));
  const buildDir = dataDir ? `${dataDir}.building-${process.pid}` : target;
  if (dataDir) await removeAbandonedBuilds(dataDir);
  let setup: SetupSummary;
  try {
    setup = await buildOutOfProcess(options.name, buildDir, wanted);
    if (dataDir) await swapIn(buildDir, dataDir);
  } catch (error) {
    await rm(buildDir, { recursive: true, force: true });
    throw error;
  }
  const engine = await PgliteSqlEngine.open({ name: options.name, dataDir: target, queue: options.queue, removeOnClose: !dataDir });
  return { engine, setup, built: true };
}

export type DemoSpec = Omit<Marker, 'rowCounts' | 'builtAt' | 'loadMs'>;

function buildOutOfProcess(name: string, dir: string, wanted: DemoSpec): Promise<SetupSummary> {
  const cli = path.join(__dirname, 'embedded-database-builder.js');
  if (!existsSync(cli)) return buildDemoDirectory(name, dir, wanted);
  return new Promise((resolve, reject) => {
    let setup: SetupSummary | undefined;
    let failure = '';
    const child = fork(cli, [name, dir, JSON.stringify(wanted)], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    child.stderr?.on('data', (chunk: Buffer) => (failure = (failure + chunk.toString()).slice(-2000)));
    child.on('message', (message: { setup?: SetupSummary }) => (setup = message.setup ?? setup));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0 && setup) resolve(setup);
      else reject(new Error(`The demo database build stopped (${signal ?? `exit ${code}`}): ${failure.trim() || 'no message'}`));
    });
  });
}

/** Builds a complete demo database in `dir` and closes it (run by embedded-database-builder.ts). */
export async function buildDemoDirectory(name: string, dir: string, wanted: DemoSpec): Promise<SetupSummary> {
  const builder = await PgliteSqlEngine.open({ name, dataDir: dir });
  try {
    const setup = await prepareDatabase(builder.admin(), name, { demoPatients: wanted.patients, seed: wanted.seed });
    await builder.close();
    const marker: Marker = { ...wanted, rowCounts: setup.rowCounts, builtAt: new Date().toISOString(), loadMs: setup.loadMs };
    await writeFile(path.join(dir, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    return { ...setup, created: true };
  } catch (error) {
    await builder.close();
    throw error;
  }
}

/** A built directory: migrations and grants (idempotent, a few hundred ms), no demo load. */
async function openExisting(options: EmbeddedDatabaseOptions, dir: string, marker: Marker | undefined): Promise<Omit<EmbeddedDatabase, 'built'>> {
  const engine = await PgliteSqlEngine.open({ name: options.name, dataDir: dir, queue: options.queue });
  try {
    const setup = await prepareDatabase(engine.admin(), options.name, {
      demoPatients: options.demoPatients,
      seed: options.seed,
      rowCounts: marker?.rowCounts,
    });
    // A migration or a load just ran: checkpoint, or the first worker restart replays its WAL.
    if (setup.migrationsApplied.length > 0 || setup.dataLoaded) await engine.admin().exec('CHECKPOINT');
    return { engine, setup };
  } catch (error) {
    await engine.close();
    throw error;
  }
}

async function swapIn(buildDir: string, dataDir: string): Promise<void> {
  const old = `${dataDir}.old-${process.pid}`;
  if (existsSync(dataDir)) await rename(dataDir, old);
  await rename(buildDir, dataDir);
  await rm(old, { recursive: true, force: true });
}

/** `<dir>.building-<pid>` left by a start that was killed (its process is gone). */
async function removeAbandonedBuilds(dataDir: string): Promise<void> {
  const parent = path.dirname(dataDir);
  const prefix = `${path.basename(dataDir)}.building-`;
  for (const entry of await readdir(parent).catch(() => [] as string[])) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length));
    if (pid !== process.pid && !alive(pid)) await rm(path.join(parent, entry), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function hasFiles(dir: string): boolean {
  try {
    return readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}

async function readMarker(dir: string): Promise<Marker | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, MARKER), 'utf8')) as Marker;
  } catch {
    return undefined;
  }
}

let fingerprint: string | undefined;

/** The demo generator's own code: a change to it means other rows, so a stored demo is rebuilt. */
function generatorFingerprint(): string {
  if (!fingerprint) {
    const dir = path.join(__dirname, 'demo-data');
    const hash = createHash('sha256');
    for (const file of readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort()) {
      hash.update(file).update(readFileSync(path.join(dir, file)));
    }
    fingerprint = hash.digest('hex').slice(0, 16);
  }
  return fingerprint;
}
