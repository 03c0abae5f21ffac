/**
 * Loads the generated hospital with multi-row INSERTs (1,000 rows a statement) in a single
 * transaction, then ANALYZE. Multi-row INSERT works unchanged on pg and PGlite; COPY FROM STDIN
 * would need pg-copy-streams, which is not a dependency. Values are our own generated ones,
 * rendered as literals with quotes doubled, so no statement carries caller input.
 */
import type { AdminConnection } from '../admin-connection';
import { generateDemoData, type DemoDataOptions, type DemoValue } from './demo-data-generator';

const ROWS_PER_STATEMENT = 1000;

export interface DemoLoadResult {
  loaded: boolean;
  counts: Record<string, number>;
  durationMs: number;
}

function literal(value: DemoValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('Non-finite number in demo data');
    return String(value);
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** Fills an empty medcor schema; a schema that already has patients is left alone. */
export async function loadDemoData(admin: AdminConnection, options: DemoDataOptions): Promise<DemoLoadResult> {
  const started = Date.now();
  const [{ n }] = await admin.rows<{ n: number }>('SELECT count(*)::int AS n FROM medcor.patients');
  if (n > 0) return { loaded: false, counts: {}, durationMs: Date.now() - started };
  const counts: Record<string, number> = {};
  const [{ superuser }] = await admin.rows<{ superuser: boolean }>(
    'SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user',
  );
  await admin.exec('BEGIN');
  try {
    // The generator emits rows in foreign-key order, so per-row FK trigger checks only cost
    // time; a superuser may skip them for this transaction.
    if (superuser) await admin.exec('SET LOCAL session_replication_role = replica');
    for (const batch of generateDemoData(options)) {
      counts[batch.table] = (counts[batch.table] ?? 0) + batch.rows.length;
      const head = `INSERT INTO medcor.${batch.table} (${batch.columns.join(', ')}) VALUES `;
      for (let i = 0; i < batch.rows.length; i += ROWS_PER_STATEMENT) {
        const values = batch.rows.slice(i, i + ROWS_PER_STATEMENT).map((row) => `(${row.map(literal).join(',')})`);
        await admin.exec(head + values.join(',\n'));
      }
    }
    await admin.exec('COMMIT');
  } catch (error) {
    await admin.exec('ROLLBACK');
    throw error;
  }
  await admin.exec('ANALYZE');
  return { loaded: true, counts, durationMs: Date.now() - started };
}
