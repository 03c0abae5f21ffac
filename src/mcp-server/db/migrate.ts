/**
 * Applies MIGRATIONS in order, each in its own transaction with its row in schema_migrations,
 * under an advisory lock so two setups racing on one database apply each migration once.
 */
import type { AdminConnection } from './admin-connection';
import { MIGRATIONS, type Migration } from './migrations';

const LOCK_KEY = 7_206_001;

export async function applyMigrations(admin: AdminConnection, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  await admin.exec(`CREATE TABLE IF NOT EXISTS public.schema_migrations (
    id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  for (const migration of migrations) {
    await admin.exec('BEGIN');
    try {
      await admin.rows('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const done = await admin.rows('SELECT 1 FROM public.schema_migrations WHERE id = $1', [migration.id]);
      if (done.length === 0) {
        await admin.exec(migration.sql);
        await admin.rows('INSERT INTO public.schema_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
        applied.push(migration.name);
      }
      await admin.exec('COMMIT');
    } catch (error) {
      await admin.exec('ROLLBACK');
      throw error;
    }
  }
  return applied;
}
