/**
 * Brings one database to the ready state: created if missing, migrated, roles granted, demo data
 * loaded when empty. Used by `npm run db:setup` (PostgreSQL) and by the registry for the
 * embedded PGlite database. Prints nothing itself: the caller decides what to report.
 */
import { Client } from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { pgAdmin, pgliteAdmin, quoteIdent, type AdminConnection } from './admin-connection';
import { applyMigrations } from './migrate';
import { applyRolesAndGrants, type RolePasswords } from './roles';
import { loadDemoData, type CopyBatch } from './demo-data/demo-data-loader';
import { DEMO_TABLES } from './demo-data/demo-data-generator';

export interface SetupOptions {
  demoPatients: number;
  seed?: number;
  passwords?: RolePasswords;
  /** Row counts already known (a stored demo database's), reported instead of counted. */
  rowCounts?: Record<string, number>;
  /** The demo rendered for COPY ahead of its load (renderAhead with these patients and seed). */
  rendered?: AsyncIterable<CopyBatch>;
}

export interface SetupSummary {
  database: string;
  created: boolean;
  migrationsApplied: string[];
  dataLoaded: boolean;
  loadMs: number;
  rowCounts: Record<string, number>;
}

export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error('The database URL names no database (expected postgres://user@host:port/name)');
  return name;
}

/** CREATE DATABASE when missing, connected to the `postgres` maintenance database. */
export async function ensurePostgresDatabase(adminUrl: string): Promise<boolean> {
  const name = databaseNameOf(adminUrl);
  const maintenance = new URL(adminUrl);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (error) {
      if ((error as { code?: string }).code !== '42P04') throw error; // created concurrently
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}

export async function prepareDatabase(admin: AdminConnection, database: string, options: SetupOptions): Promise<SetupSummary> {
  const migrationsApplied = await applyMigrations(admin);
  await applyRolesAndGrants(admin, options.passwords);
  const load = await loadDemoData(admin, { patients: options.demoPatients, seed: options.seed }, options.rendered);
  const rowCounts: Record<string, number> = load.loaded ? load.counts : { ...options.rowCounts };
  for (const table of DEMO_TABLES) {
    if (rowCounts[table] !== undefined) continue;
    const [{ n }] = await admin.rows<{ n: number }>(`SELECT count(*)::int AS n FROM medcor.${table}`);
    rowCounts[table] = n;
  }
  return { database, created: false, migrationsApplied, dataLoaded: load.loaded, loadMs: load.durationMs, rowCounts };
}

export async function setupPostgresDatabase(adminUrl: string, options: SetupOptions): Promise<SetupSummary> {
  const created = await ensurePostgresDatabase(adminUrl);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const summary = await prepareDatabase(pgAdmin(client), databaseNameOf(adminUrl), options);
    return { ...summary, created };
  } finally {
    await client.end();
  }
}

export async function setupPgliteDatabase(db: PGlite, name: string, options: SetupOptions): Promise<SetupSummary> {
  return prepareDatabase(pgliteAdmin(db), name, options);
}
