import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SetupSummary } from './database-setup';
import { ensureDemoDirectory, type DemoSpec } from './embedded-database';

const MARKER = 'medcor-demo.json';

/** A stand-in for the PGlite build: writes what buildDemoDirectory leaves (a file and the marker). */
function fakeBuild(calls: string[], fail = false) {
  return async (name: string, dir: string, wanted: DemoSpec): Promise<SetupSummary> => {
    calls.push(dir);
    if (fail) throw new Error('build failed');
    writeFileSync(path.join(dir, 'PG_VERSION'), '18\n');
    writeFileSync(path.join(dir, MARKER), JSON.stringify({ ...wanted, rowCounts: { patients: 7 }, builtAt: 'now', loadMs: 1 }));
    return { database: name, created: true, migrationsApplied: [], dataLoaded: true, loadMs: 1, rowCounts: { patients: 7 } };
  };
}

/** A pid that no process has any more. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('ensureDemoDirectory', () => {
  let parent: string;
  let dataDir: string;
  const options = () => ({ name: 'medcor_db2', dataDir, demoPatients: 7 });
  const siblings = () => readdirSync(parent).sort();

  beforeEach(() => {
    parent = mkdtempSync(path.join(tmpdir(), 'medcor-ensure-'));
    dataDir = path.join(parent, 'pglite');
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('builds a missing directory beside it and moves it into place complete', async () => {
    const calls: string[] = [];
    let claimed = 0;
    const setup = await ensureDemoDirectory(options(), { build: fakeBuild(calls), onBuilding: () => claimed++ });
    expect(setup?.created).toBe(true);
    expect(calls).toEqual([`${dataDir}.building-${process.pid}`]);
    expect(claimed).toBe(1);
    expect(siblings()).toEqual(['pglite']);
    expect(JSON.parse(readFileSync(path.join(dataDir, MARKER), 'utf8')).patients).toBe(7);
  });

  it('leaves a current directory alone, and rebuilds one made for another demo', async () => {
    const calls: string[] = [];
    await ensureDemoDirectory(options(), { build: fakeBuild(calls) });
    expect(await ensureDemoDirectory(options(), { build: fakeBuild(calls) })).toBeUndefined();
    expect(calls).toHaveLength(1);
    const rebuilt = await ensureDemoDirectory({ ...options(), demoPatients: 8 }, { build: fakeBuild(calls) });
    expect(rebuilt?.created).toBe(true);
    expect(calls).toHaveLength(2);
    expect(JSON.parse(readFileSync(path.join(dataDir, MARKER), 'utf8')).patients).toBe(8);
    expect(siblings()).toEqual(['pglite']);
  });

  it('waits for a build of the same directory under way in another live process instead of repeating it', async () => {
    // A finished build's content, put back under the name of a build still under way in the
    // parent process (alive, and not this one); 300 ms later it is moved into place, as swapIn does.
    await ensureDemoDirectory(options(), { build: fakeBuild([]) });
    const foreign = `${dataDir}.building-${process.ppid}`;
    renameSync(dataDir, foreign);
    const swapped = new Promise<void>((resolve) => setTimeout(() => (renameSync(foreign, dataDir), resolve()), 300));
    const calls: string[] = [];
    const started = Date.now();
    const result = await ensureDemoDirectory(options(), { build: fakeBuild(calls) });
    await swapped;
    expect(result).toBeUndefined();
    expect(calls).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(siblings()).toEqual(['pglite']);
  });

  it('gives up, naming the builder, when a build in another live process never ends, and builds nothing', async () => {
    const foreign = `${dataDir}.building-${process.ppid}`;
    mkdirSync(foreign);
    const calls: string[] = [];
    const started = Date.now();
    await expect(ensureDemoDirectory(options(), { build: fakeBuild(calls), waitMs: 300 })).rejects.toThrow(`still being built by process ${process.ppid}`);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(calls).toEqual([]);
    expect(siblings()).toEqual([path.basename(foreign)]);
  });

  it('removes what a killed build left and builds', async () => {
    const abandoned = `${dataDir}.building-${deadPid()}`;
    mkdirSync(abandoned);
    writeFileSync(path.join(abandoned, 'half'), 'x');
    const calls: string[] = [];
    expect((await ensureDemoDirectory(options(), { build: fakeBuild(calls) }))?.created).toBe(true);
    expect(calls).toHaveLength(1);
    expect(siblings()).toEqual(['pglite']);
  });

  it('leaves nothing half-built when the build fails, and an existing directory untouched', async () => {
    await expect(ensureDemoDirectory(options(), { build: fakeBuild([], true) })).rejects.toThrow('build failed');
    expect(siblings()).toEqual([]);
    await ensureDemoDirectory(options(), { build: fakeBuild([]) });
    await expect(ensureDemoDirectory({ ...options(), demoPatients: 9 }, { build: fakeBuild([], true) })).rejects.toThrow('build failed');
    expect(siblings()).toEqual(['pglite']);
    expect(JSON.parse(readFileSync(path.join(dataDir, MARKER), 'utf8')).patients).toBe(7);
  });
});
