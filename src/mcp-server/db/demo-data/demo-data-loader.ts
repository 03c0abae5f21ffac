/**
 * Loads the generated hospital in a single transaction, then ANALYZE. Two ways, same rows:
 * - where the engine can feed COPY (PGlite), COPY in COPY's text format, one statement per
 *   generated batch, into tables truncated in the same transaction (with wal_level minimal they
 *   take the load without WAL), the secondary indexes dropped first and built once at the end
 *   (a sort instead of 465,000 B-tree insertions), each batch generated while the previous one
 *   loads. About three times faster than INSERT for the 10,000-patient demo.
 * - otherwise (node-postgres: COPY FROM STDIN would need pg-copy-streams, not a dependency)
 *   multi-row INSERTs of 1,000 rows a statement.
 * Values are our own generated ones, rendered with quotes doubled (INSERT) or escaped (COPY), so
 * no statement carries caller input.
 */
import { quoteIdent, type AdminConnection } from '../admin-connection';
import { DEMO_TABLES, generateDemoData, type DemoBatch, type DemoDataOptions, type DemoValue } from './demo-data-generator';

const ROWS_PER_STATEMENT = 1000;

/** One generated batch rendered for COPY: what the COPY path loads. */
export interface CopyBatch {
  table: string;
  columns: readonly string[];
  rowCount: number;
  text: string;
}

/** The demo rendered for COPY batch by batch, lazily: a batch is generated when it is asked for. */
export function* copyBatchesOf(options: DemoDataOptions): Generator<CopyBatch> {
  for (const batch of generateDemoData(options)) {
    yield { table: batch.table, columns: batch.columns, rowCount: batch.rows.length, text: copyText(batch.rows) };
  }
}

/**
 * The demo rendered for COPY ahead of its load, on this thread between other work: one batch per
 * turn of the event loop, so the PGlite worker's replies (opening the cluster, the migrations, the
 * COPYs of earlier batches) are taken between batches. ~45 MB of text for 10,000 patients, ~1.5-2.5 s
 * of this thread, all of it while the worker thread is busy with the rest of the build.
 */
export function renderAhead(options: DemoDataOptions): AsyncIterable<CopyBatch> {
  const source = copyBatchesOf(options);
  const ready: (CopyBatch | undefined)[] = [];
  let done = false;
  let failed: unknown;
  let wake: (() => void) | undefined;
  const step = (): void => {
    try {
      const next = source.next();
      if (next.done) done = true;
      else ready.push(next.value);
    } catch (error) {
      failed = error;
      done = true;
    }
    wake?.();
    wake = undefined;
    if (!done) setImmediate(step);
  };
  setImmediate(step);
  return {
    async *[Symbol.asyncIterator]() {
      for (let i = 0; ; ) {
        if (i < ready.length) {
          const batch = ready[i] as CopyBatch;
          ready[i++] = undefined; // loaded batches are not kept
          yield batch;
        } else if (done) {
          if (failed) throw failed;
          return;
        } else {
          await new Promise<void>((resolve) => (wake = resolve));
        }
      }
    },
  };
}

export interface DemoLoadResult {
  loaded: boolean;
  counts: Record<string, number>;
  durationMs: number;
}

function literal(value: DemoValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return finite(value);
  return `'${value.replace(/'/g, "''")}'`;
}

function finite(value: number): string {
  if (!Number.isFinite(value)) throw new Error('Non-finite number in demo data');
  return String(value);
}

/** One value in COPY's text format: \N for NULL, backslash escapes for the separators. */
function copyField(value: DemoValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return finite(value);
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export function copyText(rows: readonly DemoValue[][]): string {
  let text = '';
  for (const row of rows) text += `${row.map(copyField).join('\t')}\n`;
  return text;
}

/**
 * Fills an empty medcor schema; a schema that already has patients is left alone. `rendered`:
 * the same demo rendered for COPY (renderAhead with the same options), used where the engine
 * takes COPY.
 */
export async function loadDemoData(admin: AdminConnection, options: DemoDataOptions, rendered?: AsyncIterable<CopyBatch>): Promise<DemoLoadResult> {
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
    if (admin.copy) await loadByCopy(admin, admin.copy.bind(admin), rendered ?? copyBatchesOf(options), counts);
    else await insertBatches(admin, generateDemoData(options), counts);
    await admin.exec('COMMIT');
  } catch (error) {
    await admin.exec('ROLLBACK');
    throw error;
  }
  // Statistics from a 6,000-row sample per table (target 20; the default 100 samples 30,000 and
  // takes ~4x longer): enough for the demo's plans; a server's autovacuum refines them later.
  await admin.exec(
    `SET default_statistics_target = 20; ANALYZE ${DEMO_TABLES.map((table) => `medcor.${table}`).join(', ')}; RESET default_statistics_target`,
  );
  return { loaded: true, counts, durationMs: Date.now() - started };
}

async function insertBatches(admin: AdminConnection, batches: Iterable<DemoBatch>, counts: Record<string, number>): Promise<void> {
  for (const batch of batches) {
    counts[batch.table] = (counts[batch.table] ?? 0) + batch.rows.length;
    const head = `INSERT INTO medcor.${batch.table} (${batch.columns.join(', ')}) VALUES `;
    for (let i = 0; i < batch.rows.length; i += ROWS_PER_STATEMENT) {
      const values = batch.rows.slice(i, i + ROWS_PER_STATEMENT).map((row) => `(${row.map(literal).join(',')})`);
      await admin.exec(head + values.join(',\n'));
    }
  }
}

async function loadByCopy(
  admin: AdminConnection,
  copy: (sql: string, data: string) => Promise<void>,
  batches: Iterable<CopyBatch> | AsyncIterable<CopyBatch>,
  counts: Record<string, number>,
): Promise<void> {
  await admin.exec(`TRUNCATE ${DEMO_TABLES.map((table) => `medcor.${table}`).join(', ')}`);
  const indexes = await admin.rows<{ name: string; definition: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace s ON s.oid = c.relnamespace
      WHERE s.nspname = 'medcor' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
  );
  for (const index of indexes) await admin.exec(`DROP INDEX medcor.${quoteIdent(index.name)}`);
  // One COPY in flight while the next batch is generated (or rendered ahead).
  let loading: Promise<void> = Promise.resolve();
  try {
    for await (const batch of batches) {
      counts[batch.table] = (counts[batch.table] ?? 0) + batch.rowCount;
      await loading;
      loading = copy(`COPY medcor.${batch.table} (${batch.columns.join(', ')}) FROM '/dev/blob'`, batch.text);
    }
  } finally {
    await loading;
  }
  for (const index of indexes) await admin.exec(index.definition);
}
