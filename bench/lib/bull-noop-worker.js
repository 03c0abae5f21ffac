'use strict';
/**
 * The raw Bull baseline's consumer: no-op jobs at the service worker's concurrency, in its own
 * process like the service's worker. Reports over IPC when it has completed `expect` jobs.
 */
const Bull = require('bull');

const queue = new Bull(process.env.BULL_QUEUE, process.env.REDIS_URL, {
  prefix: process.env.BULL_PREFIX,
  settings: { lockDuration: 15000, stalledInterval: 15000 },
});
const concurrency = Number(process.env.WORKER_CONCURRENCY || 8);
let done = 0;
let expect = Infinity;
queue.process('noop', concurrency, async () => undefined);
queue.on('completed', () => {
  done++;
  if (done === expect) process.send({ reply: 'done', value: { at: Date.now(), done } });
});
process.on('message', (m) => {
  if (m.type === 'expect') {
    expect = m.count;
    done = 0;
  }
});
process.on('disconnect', () => queue.close().finally(() => process.exit(0)));
process.on('SIGUSR2', () => process.exit(0));
queue.isReady().then(() => process.send({ ready: { concurrency } }));
