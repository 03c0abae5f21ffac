'use strict';
/**
 * An OpenAI-compatible Chat Completions server for tests, benchmarks and demos. It owns the
 * scripted answers, their timing (delays, hangs, slow streams) and the record of what "the model"
 * was sent, so callers drive the real ChatOpenAI over real HTTP; fake-llm-wire.js owns the bytes.
 * Plain CommonJS so `node` scripts can require it without a build; types and docs live in
 * fake-llm-server.d.ts.
 */
const http = require('node:http');
const {
  answerOf,
  lastUserMessageText,
  modelEntry,
  nextId,
  sendError,
  sendJson,
  stepProblem,
  streamEvents,
  unsupportedFeature,
  usageOf,
} = require('./fake-llm-wire');

const ECHO_LIMIT = 200;
const PROSE_ANSWER = 'Here is my assessment in plain words: nothing here is JSON, and no function was called.';

const echoStep = (request) => ({ content: 'Echo: ' + lastUserMessageText(request).slice(0, ECHO_LIMIT) });

class FakeLlmServer {
  constructor(options) {
    this.models = options.models && options.models.length ? options.models.slice() : ['gpt-4o-mini'];
    this.chunkDelayMs = options.chunkDelayMs || 0;
    this.recording = options.recording !== false;
    this._initialModes = { unsupported: options.unsupported ? options.unsupported.slice() : [], prose: options.prose === true };
    this.unsupported = this._initialModes.unsupported.slice();
    this.prose = this._initialModes.prose;
    this.requests = [];
    this.requestCount = 0;
    this.url = '';
    this.port = 0;
    this._host = options.host || '127.0.0.1';
    this._wantedPort = options.port || 0;
    this._queue = [];
    this._default = echoStep;
    this._inFlight = 0;
    this._idleWaiters = [];
    this._timers = new Set();
    this._closed = null;
    this._server = http.createServer((req, res) => this._onRequest(req, res));
    this._server.keepAliveTimeout = 30000;
  }

  listen() {
    return new Promise((resolve, reject) => {
      this._server.once('error', reject);
      this._server.listen(this._wantedPort, this._host, () => {
        this._server.off('error', reject);
        this.port = this._server.address().port;
        const host = this._host.includes(':') ? `[${this._host}]` : this._host;
        this.url = `http://${host}:${this.port}/v1`;
        resolve(this);
      });
    });
  }

  script(...steps) {
    for (const step of steps) {
      const problem = stepProblem(step);
      if (problem) throw new TypeError(`fake-llm script step ${JSON.stringify(step)}: ${problem}`);
    }
    this._queue.push(...steps);
    return this;
  }

  setDefault(step) {
    if (step == null) this._default = echoStep;
    else {
      const problem = stepProblem(step);
      if (problem) throw new TypeError(`fake-llm default step: ${problem}`);
      this._default = step;
    }
    return this;
  }

  reset() {
    this._queue.length = 0;
    this._default = echoStep;
    this.requests.length = 0;
    this.requestCount = 0;
    this.unsupported = this._initialModes.unsupported.slice();
    this.prose = this._initialModes.prose;
    return this;
  }

  get remainingSteps() {
    return this._queue.length;
  }

  get inFlight() {
    return this._inFlight;
  }

  lastRequest() {
    return this.requests[this.requests.length - 1];
  }

  idle(timeoutMs = 5000) {
    if (this._inFlight === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this._idleWaiters = this._idleWaiters.filter((w) => w !== waiter);
        reject(new Error(`fake-llm: ${this._inFlight} request(s) still in flight after ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = () => {
        clearTimeout(timer);
        resolve();
      };
      this._idleWaiters.push(waiter);
    });
  }

  close() {
    if (!this._closed) {
      this._closed = new Promise((resolve) => this._server.close(() => resolve()));
      this._server.closeAllConnections();
      for (const t of this._timers) clearTimeout(t);
      this._timers.clear();
    }
    return this._closed;
  }

  _later(ms, record, fn) {
    const t = setTimeout(() => {
      this._timers.delete(t);
      if (record.finishedAt === undefined) fn();
    }, ms);
    this._timers.add(t);
  }

  _onRequest(req, res) {
    const q = req.url.indexOf('?');
    const path = q === -1 ? req.url : req.url.slice(0, q);
    if (req.method === 'POST' && path === '/v1/chat/completions') return this._onChat(req, res);
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, { object: 'list', data: this.models.map((id) => modelEntry(id)) });
    }
    if (req.method === 'GET' && path.startsWith('/v1/models/')) {
      const id = decodeURIComponent(path.slice('/v1/models/'.length));
      if (this.models.includes(id)) return sendJson(res, 200, modelEntry(id));
      return sendError(res, 404, `The model '${id}' does not exist`, 'invalid_request_error', 'model_not_found');
    }
    req.resume();
    sendError(res, 404, `Invalid URL (${req.method} ${path})`, 'invalid_request_error', null);
  }

  _onChat(req, res) {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body;
      try {
        body = JSON.parse(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
      } catch {
        return sendError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null);
      }
      if (!body || typeof body !== 'object' || !Array.isArray(body.messages)) {
        return sendError(res, 400, "Missing required parameter: 'messages'.", 'invalid_request_error', 'missing_required_parameter');
      }
      const record = { body, headers: req.headers, receivedAt: Date.now(), aborted: false, finishedAt: undefined };
      this.requestCount++;
      if (this.recording) this.requests.push(record);
      this._inFlight++;
      res.on('close', () => {
        if (!res.writableEnded) record.aborted = true;
        record.finishedAt = Date.now();
        if (--this._inFlight === 0 && this._idleWaiters.length) {
          const waiters = this._idleWaiters;
          this._idleWaiters = [];
          for (const w of waiters) w();
        }
      });
      // Both modes answer before the script: a real model refuses or rambles whatever was asked.
      const refused = unsupportedFeature(body, this.unsupported);
      if (refused) return sendError(res, 400, refused[1], 'invalid_request_error', null, undefined, refused[0]);
      if (this.prose) return this._answer({ content: PROSE_ANSWER }, record, res);
      this._run(this._queue.length ? this._queue.shift() : this._default, record, res);
    });
  }

  _run(step, record, res) {
    if (typeof step === 'function') {
      let next;
      try {
        next = step(record);
      } catch (err) {
        return sendError(res, 500, `fake-llm: step function threw: ${err && err.message}`, 'server_error', null);
      }
      if (next && typeof next.then === 'function') {
        return next.then(
          (s) => record.finishedAt === undefined && this._run(s, record, res),
          (err) => record.finishedAt === undefined && sendError(res, 500, `fake-llm: step function rejected: ${err && err.message}`),
        );
      }
      step = next;
      const problem = typeof step === 'function' ? 'a step function returned a function' : stepProblem(step);
      if (problem) return sendError(res, 500, `fake-llm: ${problem}`, 'server_error', null);
    }
    if (step.delayMs > 0) return this._later(step.delayMs, record, () => this._answer(step, record, res));
    this._answer(step, record, res);
  }

  _answer(step, record, res) {
    if (step.error) {
      const e = step.error;
      return sendError(res, e.status, e.message, e.type, e.code, e.retryAfter);
    }
    if (step.hang) return;
    if (step.body !== undefined) return sendJson(res, 200, step.body);
    const body = record.body;
    const answer = answerOf(step, body);
    const model = typeof body.model === 'string' ? body.model : this.models[0];
    const id = 'chatcmpl-fake' + nextId();
    const created = Math.floor(record.receivedAt / 1000);
    if (body.stream === true) return this._stream(step, record, res, { answer, model, id, created });
    const message = { role: 'assistant', content: answer.content, refusal: null, annotations: [] };
    if (answer.toolCalls) message.tool_calls = answer.toolCalls;
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: answer.finishReason }],
      usage: usageOf(step, body, answer),
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
    });
  }

  _stream(step, record, res, { answer, model, id, created }) {
    const body = record.body;
    const usage = body.stream_options && body.stream_options.include_usage ? usageOf(step, body, answer) : undefined;
    const events = streamEvents(answer, usage, { id, model, created });
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-request-id': 'req_fake' + nextId(),
    });
    const gap = step.chunkDelayMs ?? this.chunkDelayMs;
    if (!(gap > 0)) return res.end(events.join(''));
    let i = 0;
    const next = () => {
      res.write(events[i++]);
      if (i === events.length) res.end();
      else this._later(gap, record, next);
    };
    next();
  }
}

function startFakeLlm(options = {}) {
  return new FakeLlmServer(options).listen();
}

module.exports = { startFakeLlm, lastUserMessageText, PROSE_ANSWER };

// `node test/fake-llm/fake-llm-server.js [port]` serves the echo default for demos.
if (require.main === module) {
  const port = Number(process.argv[2] || process.env.FAKE_LLM_PORT || 0);
  startFakeLlm({ port, host: process.env.FAKE_LLM_HOST, recording: false }).then((llm) => {
    process.stdout.write(`fake LLM listening: OPENAI_BASE_URL=${llm.url}\n`);
    const stop = () => llm.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
