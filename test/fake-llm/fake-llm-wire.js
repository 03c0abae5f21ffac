'use strict';
/**
 * The Chat Completions wire format for the fake LLM server: what a step means as an assistant
 * message, token estimates, JSON bodies, SSE chunks and OpenAI error bodies.
 */

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

/** Returns why `step` is not a step, or null. Functions are checked on what they return. */
function stepProblem(step) {
  if (typeof step === 'function') return null;
  if (!step || typeof step !== 'object') return 'a step must be an object or a function';
  if (step.error) return typeof step.error.status === 'number' ? null : 'error.status must be a number';
  if (step.hang === true) return null;
  if (step.body !== undefined) return null;
  if (step.json !== undefined) return null;
  if (step.toolCalls !== undefined) {
    if (!Array.isArray(step.toolCalls) || step.toolCalls.length === 0) return 'toolCalls must be a non-empty array';
    if (step.toolCalls.some((c) => !c || typeof c.name !== 'string')) return 'each tool call needs a name';
    return step.content === undefined || typeof step.content === 'string' ? null : 'content must be a string';
  }
  if (typeof step.content === 'string') return null;
  return 'a step needs one of content, toolCalls, json, error, body or hang';
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

function sendError(res, status, message, type, code, retryAfter, param) {
  const shape = ERROR_SHAPES[status] || ['server_error', null, 'Error.'];
  const headers = retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : undefined;
  const error = { message: message || shape[2], type: type || shape[0], param: param ?? null, code: code === undefined ? shape[1] : code };
  sendJson(res, status, { error }, headers);
}

/**
 * The SSE events of one streamed answer, in the order OpenAI sends them, ending with [DONE].
 * `usage` is given when the client asked for it (stream_options.include_usage): then every chunk
 * carries `usage: null` and a last chunk with no choices carries the counts.
 */
function streamEvents(answer, usage, { id, model, created }) {
  const event = (choices, chunkUsage) => {
    const chunk = { id, object: 'chat.completion.chunk', created, model, service_tier: 'default', system_fingerprint: 'fp_fake', choices };
    if (usage) chunk.usage = chunkUsage || null;
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
  if (usage) events.push(event([], usage));
  events.push('data: [DONE]\n\n');
  return events;
}

/** OpenAI's 400s for a request feature the model lacks, as [param, message]. */
const UNSUPPORTED = {
  json_schema: [
    'response_format',
    "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model. Learn more about supported models at the Structured Outputs guide: https://platform.openai.com/docs/guides/structured-outputs",
  ],
  json_object: ['response_format', "Invalid parameter: 'response_format' of type 'json_object' is not supported with this model."],
  tools: ['tools', 'tools is not supported in this model. For a list of supported models, refer to https://platform.openai.com/docs/guides/function-calling.'],
};

/** The feature of `body` that `unsupported` names, if any: what a model without it refuses. */
function unsupportedFeature(body, unsupported) {
  if (!unsupported || unsupported.length === 0) return undefined;
  const format = body.response_format && body.response_format.type;
  if ((format === 'json_schema' || format === 'json_object') && unsupported.includes(format)) return UNSUPPORTED[format];
  const tools = (Array.isArray(body.tools) && body.tools.length > 0) || Array.isArray(body.functions);
  if (tools && unsupported.includes('tools')) return UNSUPPORTED.tools;
  return undefined;
}

function modelEntry(id) {
  return { id, object: 'model', created: 1700000000, owned_by: 'fake-llm' };
}

module.exports = {
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
};
