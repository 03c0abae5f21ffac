/** Fake-LLM answers by what the request asks for: a medical analysis or a code review (json), else text. */
import type { FakeLlmRequest, FakeLlmStaticStep } from '../fake-llm/fake-llm-server';

export function structuredAnswer(request: FakeLlmRequest, text: string): FakeLlmStaticStep {
  const asked = JSON.stringify([request.body.response_format ?? null, request.body.tools ?? null]);
  if (asked.includes('recommendations')) {
    return { json: { summary: 'Stable blood pressure at follow-up.', findings: ['BP 128/82'], red_flags: [], confidence: 0.8, recommendations: ['Routine follow-up'] } };
  }
  if (asked.includes('optimizations')) {
    return { json: { summary: 'A small pure function.', issues: [], security: { risk_level: 'low', summary: 'None', concerns: [] }, optimizations: [] } };
  }
  return { content: text };
}
