import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoSnapshot, demoSnapshotFile, restoreDemoSnapshot, writeDemoSnapshot } from './demo-snapshot';

describe('demo snapshot files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'medcor-snapshot-spec-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('are named by PGlite version, patients, seed and generator, and found only when that file exists', async () => {
    const key = { patients: 10_000, seed: 7, generator: 'abc123' };
    expect(path.basename(demoSnapshotFile(key, '0.5.17', dir))).toBe('demo-0.5.17-10000p-seed7-abc123.tar.br');
    expect(demoSnapshot(key, '0.5.17', dir)).toBeUndefined();
    await writeFile(demoSnapshotFile(key, '0.5.17', dir), '');
    expect(demoSnapshot(key, '0.5.17', dir)).toBe(demoSnapshotFile(key, '0.5.17', dir));
    expect(demoSnapshot({ ...key, generator: 'other' }, '0.5.17', dir)).toBeUndefined();
    expect(demoSnapshot(key, '0.5.18', dir)).toBeUndefined();
  });

  it('restore what was written: files and directories', async () => {
    const source = path.join(dir, 'source');
    await mkdir(path.join(source, 'base', '5'), { recursive: true });
    await writeFile(path.join(source, 'base', '5', '16384'), Buffer.alloc(20_000, 7));
    await writeFile(path.join(source, 'PG_VERSION'), '17\n');
    const file = path.join(dir, 'snap.tar.br');
    await writeDemoSnapshot(source, file);
    const target = path.join(dir, 'target');
    await mkdir(target);
    await restoreDemoSnapshot(file, target);
    expect((await readdir(target)).sort()).toEqual(['PG_VERSION', 'base']);
    expect(await readFile(path.join(target, 'base', '5', '16384'))).toEqual(Buffer.alloc(20_000, 7));
  });

  it('refuse a snapshot holding a link, and create nothing through it', async () => {
    const source = path.join(dir, 'source');
    await mkdir(source);
    await writeFile(path.join(source, 'PG_VERSION'), '17\n');
    await symlink('/etc/passwd', path.join(source, 'pg_hba.conf'));
    const file = path.join(dir, 'snap.tar.br');
    await writeDemoSnapshot(source, file);
    const target = path.join(dir, 'target');
    await mkdir(target);
    await expect(restoreDemoSnapshot(file, target)).rejects.toThrow(/not a plain file or directory.*: .*pg_hba\.conf/);
    expect(await readdir(target)).toEqual(['PG_VERSION']);
  });

  it('refuse an entry larger than the bound, and write none of it', async () => {
    const source = path.join(dir, 'source');
    await mkdir(source);
    await writeFile(path.join(source, 'PG_VERSION'), '17\n');
    await writeFile(path.join(source, 'huge'), Buffer.alloc(64 * 1024, 1));
    const file = path.join(dir, 'snap.tar.br');
    await writeDemoSnapshot(source, file);
    const target = path.join(dir, 'target');
    await mkdir(target);
    await expect(restoreDemoSnapshot(file, target, 32 * 1024)).rejects.toThrow(/within 32768 bytes: .*huge/);
    expect(await readdir(target)).toEqual(['PG_VERSION']);
  });
});
