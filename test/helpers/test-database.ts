/**
 * A fresh demo database on the local PostgreSQL for one test file, filled with a small,
 * deterministic data set and dropped afterwards.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { setupPostgresDatabase } from '../../src/mcp-server/db/database-setup';

export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(demoPatients = 200): Promise<TestDatabase> {
  const name = `medcor_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await setupPostgresDatabase(url.toString(), { demoPatients });
  return {
    name,
    url: url.toString(),
    async drop() {
      const admin = new Client({ connectionString: ADMIN_URL });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
