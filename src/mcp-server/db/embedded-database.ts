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
import { mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareDatabase, type SetupSummary } from './database-setup';
import { DEFAULT_DEMO_SEED } from './demo-data/demo-data-generator';
import { renderAhead } from './demo-data/demo-data-loader';
import { demoSnapshot, restoreDemoSnapshot } from './demo-snapshot';
import { PgliteSqlEngine, type PgliteSqlEngineOptions } from './pglite-sql-engine';
import { pristineCluster } from './pristine-cluster';

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
  /** The migrations' and grants' code it was set up with: unchanged, start-up runs neither. */
  schema?: string;
  rowCounts: Record<string, number>;
  builtAt: string;
  loadMs: number;
}

export interface EmbeddedDatabase {
  engine: PgliteSqlEngine;
  /** `created`: this start built the database (false: an existing directory was opened). */
  setup: SetupSummary;
}

export async function openEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  if (!options.dataDir) {
    const target = await mkdtemp(path.join(tmpdir(), 'medcor-pglite-'));
    let setup: SetupSummary;
    try {
      setup = await buildOutOfProcess(options.name, target, wantedOf(options));
    } catch (error) {
      await rm(target, { recursive: true, force: true });
      throw error;
    }
    const engine = await PgliteSqlEngine.open({ name: options.name, dataDir: target, queue: options.queue, removeOnClose: true });
    return { engine, setup };
  }
  const dataDir = path.resolve(options.dataDir);
  const built = await ensureDemoDirectory({ ...options, dataDir }, { build: buildOutOfProcess });
  if (!built) return openExisting(options, dataDir, await readMarker(dataDir));
  const engine = await PgliteSqlEngine.open({ name: options.name, dataDir, queue: options.queue });
  return { engine, setup: built };
}

/** How long a start waits for another process's build of the same directory (~10 s normally). */
const FOREIGN_BUILD_WAIT_MS = 300_000;

type BuildFn = (name: string, dir: string, wanted: DemoSpec) => Promise<SetupSummary>;

/**
 * Makes sure `dataDir` holds the wanted demo database. Nothing to do when it does, or when it
 * holds a database without a marker (openExisting brings that one up to date). Otherwise it is
 * built in `<dataDir>.building-<pid>` and moved into place when complete, so an interrupted first
 * start never leaves half a database behind. A build of the same directory under way in another
 * live process (`npm start` starts one before the tools server) is waited for, not repeated.
 * Returns the setup when this call built the database.
 */
export async function ensureDemoDirectory(
  options: EmbeddedDatabaseOptions & { dataDir: string },
  hooks: { build?: BuildFn; onBuilding?: () => void; waitMs?: number } = {},
): Promise<SetupSummary | undefined> {
  const wanted = wantedOf(options);
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const waitMs = hooks.waitMs ?? FOREIGN_BUILD_WAIT_MS;
  const deadline = Date.now() + waitMs;
  for (;;) {
    // Builds looked for before the directory: one that ends in between has moved its result in.
    const other = await otherLiveBuild(dataDir);
    // A different demo (DEMO_PATIENTS, seed or generator changed) is built anew, then swapped in.
    if (hasFiles(dataDir) && !isStale(await readMarker(dataDir), wanted)) return undefined;
    if (other === undefined) break;
    if (Date.now() > deadline) {
      throw new Error(`The demo database is still being built by process ${other} (${dataDir}.building-${other}) after ${waitMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const buildDir = `${dataDir}.building-${process.pid}`;
  await mkdir(buildDir, { recursive: true });
  hooks.onBuilding?.();
  try {
    const setup = await (hooks.build ?? buildDemoDirectory)(options.name, buildDir, wanted);
    await swapIn(buildDir, dataDir);
    return setup;
  } catch (error) {
    await rm(buildDir, { recursive: true, force: true });
    throw error;
  }
}

/** The demo database these options ask for (what its marker must say). */
export function wantedOf(options: Pick<EmbeddedDatabaseOptions, 'demoPatients' | 'seed'>): DemoSpec {
  return { patients: options.demoPatients, seed: options.seed ?? DEFAULT_DEMO_SEED, generator: fingerprint('demo-data'), schema: schemaFingerprint() };
}

function isStale(marker: Marker | undefined, wanted: DemoSpec): boolean {
  return Boolean(marker && (marker.patients !== wanted.patients || marker.seed !== wanted.seed || marker.generator !== wanted.generator));
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

/**
 * Fills `dir` with the wanted demo database and closes it (run by embedded-database-builder.ts):
 * restored from its stored snapshot when there is one for exactly this demo (demo-snapshot.ts),
 * built otherwise. `build: true` always builds (what `npm run db:pristine` stores).
 */
export async function buildDemoDirectory(name: string, dir: string, wanted: DemoSpec, options: { build?: boolean } = {}): Promise<SetupSummary> {
  const snapshot = options.build ? undefined : demoSnapshot(wanted);
  if (snapshot) return restoreDemoDirectory(name, snapshot, dir, wanted);
  // The stored initdb output when there is one for this PGlite (~1.5 s instead of initdb's ~4.5),
  // then the migrations and the load, in the engine's worker thread; the rows are rendered on
  // this thread meanwhile, a batch at a time (~2 s in all), so the worker never waits for them.
  const rendered = renderAhead({ patients: wanted.patients, seed: wanted.seed });
  const builder = await PgliteSqlEngine.open({ name, dataDir: dir, initialCluster: pristineCluster() });
  try {
    const setup = await prepareDatabase(builder.admin(), name, { demoPatients: wanted.patients, seed: wanted.seed, rendered });
    await builder.close();
    await writeMarker(dir, { ...wanted, rowCounts: setup.rowCounts, builtAt: new Date().toISOString(), loadMs: setup.loadMs });
    return { ...setup, created: true };
  } catch (error) {
    await builder.close();
    throw error;
  }
}

/**
 * A stored snapshot unpacked into `dir`. Its marker must describe the demo its name promises
 * (else the file was renamed or is corrupt: the start fails, naming it); its schema may be older
 * than ours, and opening the directory then applies the newer migrations as for any older build.
 */
async function restoreDemoDirectory(name: string, file: string, dir: string, wanted: DemoSpec): Promise<SetupSummary> {
  const started = Date.now();
  await restoreDemoSnapshot(file, dir);
  const marker = await readMarker(dir);
  if (!marker || isStale(marker, wanted)) {
    throw new Error(`The stored demo database ${path.basename(file)} does not hold the demo its name says (marker: ${JSON.stringify(marker && { patients: marker.patients, seed: marker.seed, generator: marker.generator })})`);
  }
  return { database: name, created: true, migrationsApplied: [], dataLoaded: true, loadMs: Date.now() - started, rowCounts: marker.rowCounts };
}

/**
 * A built directory. Set up with the current migrations and grants, it is only opened; otherwise
 * they run (idempotent; ~0.5 s and ~30 MB of the worker's WASM heap, hence skipped when they can
 * be) and the marker records them. A directory without a marker (an older build, or one made
 * elsewhere) is brought to the ready state by prepareDatabase, demo load included if empty.
 */
async function openExisting(options: EmbeddedDatabaseOptions, dir: string, marker: Marker | undefined): Promise<EmbeddedDatabase> {
  const engine = await PgliteSqlEngine.open({ name: options.name, dataDir: dir, queue: options.queue });
  const schema = schemaFingerprint();
  if (marker?.schema === schema) {
    const setup = { database: options.name, created: false, migrationsApplied: [], dataLoaded: false, loadMs: 0, rowCounts: marker.rowCounts };
    return { engine, setup };
  }
  try {
    const setup = await prepareDatabase(engine.admin(), options.name, {
      demoPatients: options.demoPatients,
      seed: options.seed,
      rowCounts: marker?.rowCounts,
    });
    // A migration or a load just ran: checkpoint, or the first worker restart replays its WAL.
    if (setup.migrationsApplied.length > 0 || setup.dataLoaded) await engine.admin().exec('CHECKPOINT');
    if (marker) await writeMarker(dir, { ...marker, schema });
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

/**
 * The pid of another live process building `dataDir` (`<dataDir>.building-<pid>`), if any;
 * directories left by builds whose process is gone (a killed start) are removed on the way.
 */
async function otherLiveBuild(dataDir: string): Promise<number | undefined> {
  const parent = path.dirname(dataDir);
  const prefix = `${path.basename(dataDir)}.building-`;
  for (const entry of await readdir(parent).catch(() => [] as string[])) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length));
    if (pid === process.pid) continue;
    if (alive(pid)) return pid;
    await rm(path.join(parent, entry), { recursive: true, force: true });
  }
  return undefined;
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

async function writeMarker(dir: string, marker: Marker): Promise<void> {
  await writeFile(path.join(dir, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

async function readMarker(dir: string): Promise<Marker | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, MARKER), 'utf8')) as Marker;
  } catch {
    return undefined;
  }
}

const fingerprints = new Map<string, string>();

/**
 * Where our code's sources are: this directory from source (ts-jest), its src/ counterpart next to
 * a build, so that `npm run build` (tsc) and the quick start's transpiler, whose outputs differ,
 * give one fingerprint; the built .js alone where no source ships (the image).
 */
function codeDir(): { dir: string; ext: string } {
  if (__filename.endsWith('.ts')) return { dir: __dirname, ext: '.ts' };
  const source = __dirname.replace(/([\\/])dist([\\/])/, '$1src$2');
  return source !== __dirname && existsSync(source) ? { dir: source, ext: '.ts' } : { dir: __dirname, ext: '.js' };
}

/**
 * A hash of our own code in `entries` (directories or files beside this one): the demo
 * generator's (a change means other rows, so a stored demo is rebuilt) or the schema's
 * (migrations and grants, run again when changed).
 */
function fingerprint(...entries: string[]): string {
  const key = entries.join(',');
  let value = fingerprints.get(key);
  if (!value) {
    const { dir, ext } = codeDir();
    const hash = createHash('sha256');
    for (const entry of entries) {
      const full = path.join(dir, entry);
      const files = existsSync(full) ? readdirSync(full).map((f) => path.join(full, f)) : [`${full}${ext}`];
      for (const file of files.filter((f) => f.endsWith(ext) && !/\.(d|spec)\.ts$/.test(f) && existsSync(f)).sort()) {
        hash.update(path.basename(file)).update(readFileSync(file));
      }
    }
    value = hash.digest('hex').slice(0, 16);
    fingerprints.set(key, value);
  }
  return value;
}

const schemaFingerprint = (): string => fingerprint('migrations', 'migrate', 'roles', 'database-setup');
