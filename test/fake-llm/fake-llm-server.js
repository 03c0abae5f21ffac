'use strict';
/**
 * An OpenAI-compatible Chat Completions server for tests, benchmarks and demos. It owns the wire
 * format (JSON bodies, SSE chunks, OpenAI error bodies), the scripted answers and the record of
 * what "the model" was sent, so callers drive the real ChatOpenAI over real HTTP.
 * Plain CommonJS so `node` scripts can require it without a build; types and docs live in
 * fake-llm-server.d.ts.
 */
const http = require('node:http');

const ECHO_LIMIT = 200;
const ARG_PIECE = 12;
const ERROR_SHAPES = {
  400: ['invalid_request_error', null, 'Invalid request.'],
  401: ['invalid_request_error', 'invalid_api_key', 'Incorrect API key provided.'],
  403: ['invalid_request_error', 'unsupported_country_region_territory', 'Forbidden.'],
  404: ['invalid_request_error', 'model_not_found', 'The model does not exist.'],
  // No "try again in Ns" here: LangChain parses that phrase as a retry hint.
  429: ['requests', 'rate_limit_exceeded', 'Rate limit reached for requests.'],
  500: ['server_error', null, 'The server had an error while processing your request.'],
  503: ['server_error', null, 'The engine is currently overloaded.'],
};

let idSeq = 0;
const nextId = () => (++idSeq).toString(36);

function textOf(content) {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const part of content) if (part && typeof part.text === 'string') out += part.text;
  return out;
}

function lastUserMessageText(request) {
  const messages = (request && request.body && request.body.messages) || [];
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i] && messages[i].role === 'user') return textOf(messages[i].content);
  }
  return '';
}

function promptChars(messages) {
  let n = 0;
  if (!Array.isArray(messages)) return n;
  for (const m of messages) {
    if (!m) continue;
    n += textOf(m.content).length;
    if (Array.isArray(m.tool_calls)) for (const c of m.tool_calls) n += (c.function?.arguments || '').length;
  }
  return n;
}

const tokens = (chars) => Math.max(1, Math.ceil(chars / 4));
const echoStep = (request) => ({ content: 'Echo: ' + lastUserMessageText(request).slice(0, ECHO_LIMIT) });

/** Returns why `step` is not a step, or null. Functions are checked on what they return. */
function stepProblem(step) {
  if (typeof step === 'function') return null;
  if (!step || typeof step !== 'object') return 'a step must be an object or a function';
  if (step.error) return typeof step.error.status === 'number' ? null : 'error.status must be a number';
  if (step.hang === true) return null;
  if (step.json !== undefined) return null;
  if (step.toolCalls !== undefined) {
    if (!Array.isArray(step.toolCalls) || step.toolCalls.length === 0) return 'toolCalls must be a non-empty array';
    if (step.toolCalls.some((c) => !c || typeof c.name !== 'string')) return 'each tool call needs a name';
    return step.content === undefined || typeof step.content === 'string' ? null : 'content must be a string';
  }
  if (typeof step.content === 'string') return null;
  return 'a step needs one of content, toolCalls, json, error or hang';
}

/** The function a request forces with tool_choice, which is how withStructuredOutput's functionCalling asks. */
function forcedFunction(body) {
  const choice = body.tool_choice;
  return choice && typeof choice === 'object' && choice.function ? choice.function.name : undefined;
}

/** Turns a content/toolCalls/json step into the assistant message it stands for. */
function answerOf(step, body) {
  let content = step.content === undefined ? null : step.content;
  let calls = step.toolCalls;
  if (step.json !== undefined) {
    const forced = forcedFunction(body);
    if (forced) calls = [{ name: forced, arguments: step.json }];
    else content = JSON.stringify(step.json);
  }
  const toolCalls = calls
    ? calls.map((c) => ({
        id: c.id || 'call_fake' + nextId(),
        type: 'function',
        function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {}) },
      }))
    : undefined;
  return { content, toolCalls, finishReason: step.finishReason || (toolCalls ? 'tool_calls' : 'stop') };
}

function usageOf(step, body, answer) {
  let outChars = answer.content ? answer.content.length : 0;
  if (answer.toolCalls) for (const c of answer.toolCalls) outChars += c.function.name.length + c.function.arguments.length;
  const u = step.usage || {};
  const prompt = u.promptTokens ?? tokens(promptChars(body.messages));
  const completion = u.completionTokens ?? tokens(outChars);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function sendJson(res, status, payload, extraHeaders) {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': 'req_fake' + nextId(),
    ...extraHeaders,
  });
  res.end(text);
}

function sendError(res, status, message, type, code, retryAfter) {
  const shape = ERROR_SHAPES[status] || ['server_error', null, 'Error.'];
  const headers = retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : undefined;
  const error = { message: message || shape[2], type: type || shape[0], param: null, code: code === undefined ? shape[1] : code };
  sendJson(res, status, { error }, headers);
}

class FakeLlmServer {
  constructor(options) {
    this.models = options.models && options.models.length ? options.models.slice() : ['gpt-4o-mini'];
    this.chunkDelayMs = options.chunkDelayMs || 0;
    this.recording = options.recording !== false;
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
    const withUsage = !!(body.stream_options && body.stream_options.include_usage);
    const event = (choices, usage) => {
      const chunk = { id, object: 'chat.completion.chunk', created, model, service_tier: 'default', system_fingerprint: 'fp_fake', choices };
      if (withUsage) chunk.usage = usage || null;
      return 'data: ' + JSON.stringify(chunk) + '\n\n';
    };
    const delta = (d, finish = null) => event([{ index: 0, delta: d, logprobs: null, finish_reason: finish }]);
    const events = [];
    if (answer.content !== null) {
      events.push(delta({ role: 'assistant', content: '', refusal: null }));
      for (const piece of answer.content.match(/\S+\s*|\s+/g) || []) events.push(delta({ content: piece }));
    }
    (answer.toolCalls || []).forEach((call, index) => {
      const head = { index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } };
      events.push(delta(events.length ? { tool_calls: [head] } : { role: 'assistant', content: null, tool_calls: [head] }));
      const args = call.function.arguments;
      for (let i = 0; i < args.length; i += ARG_PIECE) {
        events.push(delta({ tool_calls: [{ index, function: { arguments: args.slice(i, i + ARG_PIECE) } }] }));
      }
    });
    events.push(delta({}, answer.finishReason));
    if (withUsage) events.push(event([], usageOf(step, body, answer)));
    events.push('data: [DONE]\n\n');

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

function modelEntry(id) {
  return { id, object: 'model', created: 1700000000, owned_by: 'fake-llm' };
}

function startFakeLlm(options = {}) {
  return new FakeLlmServer(options).listen();
}

module.exports = { startFakeLlm, lastUserMessageText };

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
