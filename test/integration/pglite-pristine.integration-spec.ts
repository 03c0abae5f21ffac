/**
 * The stored initdb output (assets/pglite, src/mcp-server/db/pristine-cluster.ts): there is one
 * for the installed PGlite, and a data directory filled from it is the cluster initdb makes, as
 * far as anything we use can tell (server version, databases with their encoding and locale,
 * catalog contents, settings), and it keeps what is written to it across a reopen.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PgliteSqlEngine } from '../../src/mcp-server/db/pglite-sql-engine';
import { installedPgliteVersion, pristineCluster, pristineClusterFile } from '../../src/mcp-server/db/pristine-cluster';

const DESCRIBE = [
  `SELECT version() AS v`,
  `SELECT string_agg(datname || ':' || pg_encoding_to_char(encoding) || ':' || datcollate || ':' || datctype || ':' || datistemplate, ',' ORDER BY datname) AS v FROM pg_database`,
  `SELECT current_database() || ':' || current_user AS v`,
  `SELECT (SELECT count(*) FROM pg_proc) || '/' || (SELECT count(*) FROM pg_class) || '/' || (SELECT count(*) FROM pg_collation) || '/' || (SELECT count(*) FROM pg_authid) AS v`,
  `SELECT string_agg(name || '=' || setting, ',' ORDER BY name) AS v FROM pg_settings WHERE name IN ('lc_collate', 'lc_ctype', 'lc_messages', 'server_encoding', 'TimeZone', 'DateStyle', 'default_text_search_config')`,
];

async function describeCluster(engine: PgliteSqlEngine): Promise<string[]> {
  const admin = engine.admin();
  const out: string[] = [];
  for (const sql of DESCRIBE) out.push((await admin.rows<{ v: string }>(sql))[0].v);
  return out;
}

describe('stored pristine PGlite cluster', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'medcor-pristine-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exists for the installed PGlite (else: npm run db:pristine)', () => {
    const version = installedPgliteVersion();
    expect({ version, stored: pristineCluster(version) }).toEqual({ version, stored: pristineClusterFile(version) });
  });

  it('gives the cluster initdb gives, and keeps what is written to it', async () => {
    const fromInitdb = await PgliteSqlEngine.open({ name: 'initdb', dataDir: path.join(dir, 'initdb') });
    const expected = await describeCluster(fromInitdb).finally(() => fromInitdb.close());

    const filled = path.join(dir, 'filled');
    const fromStored = await PgliteSqlEngine.open({ name: 'stored', dataDir: filled, initialCluster: pristineCluster() });
    try {
      expect(await describeCluster(fromStored)).toEqual(expected);
      await fromStored.admin().exec('CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)');
    } finally {
      await fromStored.close();
    }
    const reopened = await PgliteSqlEngine.open({ name: 'stored', dataDir: filled });
    try {
      expect(await reopened.admin().rows('SELECT x FROM kept')).toEqual([{ x: 42 }]);
    } finally {
      await reopened.close();
    }
  });
});
