'use strict';
/**
 * The raw Bull baselines' consumer, in its own process like the service's worker, at the service
 * worker's concurrency. BULL_JOB=noop: jobs that do nothing (the issue's baseline). BULL_JOB=llm:
 * each job makes one ChatOpenAI call with the service's own client settings (its fetch, no
 * retries) and nothing else: no HTTP submit, no task record, no events. That is the floor of any
 * service that answers a task with one LLM call on Bull. Reports over IPC when it has completed
 * `expect` jobs.
 */
const path = require('node:path');
const Bull = require('bull');

const queue = new Bull(process.env.BULL_QUEUE, process.env.REDIS_URL, {
  prefix: process.env.BULL_PREFIX,
  settings: { lockDuration: 15000, stalledInterval: 15000 },
});
const concurrency = Number(process.env.WORKER_CONCURRENCY || 8);
let done = 0;
let expect = Infinity;
queue.process(process.env.BULL_JOB || 'noop', concurrency, process.env.BULL_JOB === 'llm' ? llmJob() : async () => undefined);

function llmJob() {
  const { ChatOpenAI } = require('@langchain/openai');
  const { HumanMessage } = require('@langchain/core/messages');
  const { llmFetch } = require(path.join(__dirname, '..', '..', 'dist', 'core', 'llm', 'llm-fetch.js'));
  const model = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'bench-key', maxRetries: 0, configuration: { fetch: llmFetch, baseURL: process.env.OPENAI_BASE_URL } });
  return async (job) => {
    const answer = await model.invoke([new HumanMessage(job.data.query)]);
    return { text: answer.content };
  };
}

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
