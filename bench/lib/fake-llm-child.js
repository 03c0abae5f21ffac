'use strict';
/**
 * The fake LLM in its own process, so that answering does not share an event loop with the load
 * generator. Answers at once (echo); `lastBody` returns the last request body, so the bench can
 * call the LLM directly with exactly what the service sends.
 */
const { startFakeLlm, lastUserMessageText } = require('../../test/fake-llm/fake-llm-server.js');

let lastBody = null;
startFakeLlm({ recording: false, port: Number(process.env.FAKE_LLM_PORT || 0) }).then((llm) => {
  llm.setDefault((request) => {
    lastBody = request.body;
    return { content: 'Echo: ' + lastUserMessageText(request).slice(0, 200) };
  });
  process.on('message', (m) => {
    if (m.type === 'lastBody') process.send({ reply: 'lastBody', value: lastBody });
    if (m.type === 'count') process.send({ reply: 'count', value: llm.requestCount });
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: { url: llm.url, port: llm.port } });
});
