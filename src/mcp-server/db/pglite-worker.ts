/**
 * The embedded PostgreSQL (PGlite, WASM) in a worker thread. A statement runs here, so the tools
 * server's event loop stays free while it does; the host (pglite-worker-host.ts) terminates this
 * thread to stop a statement, which WASM gives no other way to do. The database lives in
 * `dataDir` on disk so that a new worker reopens it. Imports nothing of the app: the host may
 * start this file from source without a build.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { brotliDecompressSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import type { WorkerData, WorkerReply, WorkerRequest } from './pglite-worker-protocol';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('pglite-worker.ts runs only as a worker thread');
  const { dataDir, settings, initialCluster } = workerData as WorkerData;
  const started = performance.now();
  const loadDataDir = initialCluster ? new Blob([brotliDecompressSync(readFileSync(initialCluster))]) : undefined;
  const db = await PGlite.create({ dataDir, loadDataDir, startParams: [...PGlite.defaultStartParams, ...settings.flatMap((s) => ['-c', s])] });
  const reply = (message: WorkerReply): void => port.postMessage(message);
  reply({ type: 'ready', openMs: Math.round(performance.now() - started) });

  port.on('message', (request: WorkerRequest) => {
    void (async () => {
      try {
        if (request.op === 'close') {
          await db.close();
          reply({ type: 'result', id: request.id, fields: [], rows: [] });
          return;
        }
        if (request.op === 'copy') {
          await db.query(request.sql, [], { blob: new Blob([request.data]) });
          reply({ type: 'result', id: request.id, fields: [], rows: [] });
          return;
        }
        if (request.op === 'exec') {
          await db.exec(request.sql);
          reply({ type: 'result', id: request.id, fields: [], rows: [] });
          return;
        }
        const result = await db.query<unknown[]>(request.sql, request.params, { rowMode: request.rowMode });
        reply({
          type: 'result',
          id: request.id,
          fields: result.fields.map((f) => ({ name: f.name, typeId: f.dataTypeID })),
          rows: result.rows,
        });
      } catch (error) {
        const e = error as { message?: string; code?: string; detail?: string; hint?: string; position?: string };
        reply({ type: 'error', id: request.id, error: { message: e.message ?? String(error), code: e.code, detail: e.detail, hint: e.hint, position: e.position } });
      }
    })();
  });
}

main().catch((error: unknown) => {
  parentPort?.postMessage({ type: 'fatal', message: (error as Error)?.message ?? String(error) } satisfies WorkerReply);
});
