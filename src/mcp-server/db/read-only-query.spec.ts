import { FETCH_BATCH_BYTES, runReadOnlyQuery } from './read-only-query';
import type { SqlEngine, SqlSession } from './sql-engine';

/**
 * An engine whose cursor yields `total` rows of `width(i)` characters each and records the size
 * of every FETCH: what a batch may bring is what the worker's WASM heap holds at once.
 */
function cursorEngine(total: number, width: (row: number) => number) {
  const fetches: { size: number; bytes: number }[] = [];
  let next = 0;
  const session: SqlSession = {
    query: async (sql) => {
      const fetch = /^FETCH FORWARD (\d+)/.exec(sql);
      if (!fetch) return { fields: [], rows: [] };
      const rows: unknown[][] = [];
      for (let i = 0; i < Number(fetch[1]) && next < total; i++, next++) rows.push([next, 'x'.repeat(width(next))]);
      fetches.push({ size: Number(fetch[1]), bytes: rows.reduce((sum, row) => sum + (row[1] as string).length, 0) });
      return { fields: [{ name: 'id', typeId: 23 }, { name: 'body', typeId: 25 }], rows };
    },
  };
  const engine: SqlEngine = {
    name: 'fake',
    kind: 'pglite',
    cutsLongStatements: true,
    transaction: async (_options, fn) => fn(session),
    typeName: async (typeId) => (typeId === 23 ? 'int4' : 'text'),
    close: async () => undefined,
  };
  return { engine, fetches };
}

describe('runReadOnlyQuery FETCH batches', () => {
  it('grows batches fourfold for narrow rows up to the row cap', async () => {
    const { engine, fetches } = cursorEngine(5000, () => 10);
    const result = await runReadOnlyQuery(engine, 'SELECT id, body FROM t', { rowCap: 1000 });
    expect(result.row_count).toBe(1000);
    expect(fetches.map((f) => f.size)).toEqual([4, 16, 64, 256, 661]);
  });

  it('sizes each FETCH by the widest row seen so far, one row at a time past FETCH_BATCH_BYTES', async () => {
    // Wide rows that the cell and row caps cut to almost nothing: the result never fills, so only
    // the batch bound keeps a FETCH from bringing hundreds of them (576 MB once, with 9 MB rows).
    const wide = (i: number) => (i < 40 ? 300_000 : 5_000_000);
    const { engine, fetches } = cursorEngine(60, wide);
    const result = await runReadOnlyQuery(engine, 'SELECT id, body FROM t', {
      rowCap: 1000,
      byteCaps: { cellMaxBytes: 64, rowMaxBytes: 256, resultMaxBytes: 1024 * 1024 },
    });
    expect(result.row_count).toBe(60);
    let seen = 0;
    let widest = 1;
    for (const fetch of fetches) {
      if (seen > 0) expect(fetch.size === 1 || fetch.size * widest <= FETCH_BATCH_BYTES).toBe(true);
      for (let i = seen; i < seen + fetch.size && i < 60; i++) widest = Math.max(widest, wide(i));
      seen += fetch.size;
    }
    // Once a 5 MB row has been seen, rows come one by one.
    const firstWide = fetches.findIndex((_, k) => fetches.slice(0, k + 1).reduce((n, f) => n + f.size, 0) > 40);
    expect(fetches.slice(firstWide + 1).every((f) => f.size === 1)).toBe(true);
    expect(fetches.slice(0, firstWide).map((f) => f.size)).toEqual([4, 13, 13]);
  });
});
