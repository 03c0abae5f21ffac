'use strict';
/**
 * The HTTP floor's submitting side: the least any service that takes a task over HTTP and runs it
 * on Bull can do. A bare Fastify server (no Nest, no auth, no validation, no logging) whose one
 * POST route does one Bull `add` and answers 202 with the job id. Its jobs are run by the raw Bull
 * worker (bench/lib/bull-baseline-worker.js with BULL_JOB=llm: one ChatOpenAI call each), with the
 * same queue options as the floor's.
 * Run: REDIS_URL=… BULL_PREFIX=… BULL_QUEUE=… PORT=… node bench/http-floor-app.js (forked by the bench).
 */
const Fastify = require('fastify');
const Bull = require('bull');
const { RAW_BULL_JOB_OPTIONS } = require('./lib/bull-job-options');

const queue = new Bull(process.env.BULL_QUEUE, process.env.REDIS_URL, { prefix: process.env.BULL_PREFIX, defaultJobOptions: RAW_BULL_JOB_OPTIONS });
const job = process.env.BULL_JOB || 'llm';
const app = Fastify({ logger: false });

app.post('/submit', async (request, reply) => {
  const added = await queue.add(job, { query: request.body.query });
  reply.code(202);
  return { task_id: String(added.id), status: 'PENDING' };
});

async function main() {
  await queue.isReady();
  await app.listen({ port: Number(process.env.PORT || 0), host: '127.0.0.1' });
  const { port } = app.server.address();
  process.send({ ready: { url: `http://127.0.0.1:${port}`, port } });
  const close = () => Promise.allSettled([app.close(), queue.close()]).finally(() => process.exit(0));
  process.on('disconnect', close);
  process.on('SIGUSR2', () => process.exit(0));
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
