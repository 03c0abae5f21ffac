/**
 * What bull-board may show of a job's data: the routing metadata and the enum-like inputs.
 * Free-text inputs (queries, code, context, sealed medical data) are replaced by their length,
 * since a general query can carry clinical text and operators need no payloads to run queues.
 */
const SAFE_META = new Set(['taskId', 'kind', 'requestId', 'priority', 'submittedAt']);
const SAFE_INPUT = new Set(['queryType', 'analysisType', 'focus', 'database', 'mode', 'language']);

export function redactJobData(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return '[not shown]';
  const { meta, input } = data as { meta?: Record<string, unknown>; input?: Record<string, unknown> };
  const shown: Record<string, unknown> = {};
  if (meta && typeof meta === 'object') {
    shown.meta = Object.fromEntries(Object.entries(meta).filter(([key]) => SAFE_META.has(key)));
  }
  if (input && typeof input === 'object') {
    shown.input = Object.fromEntries(
      Object.entries(input).map(([key, value]) => [key, SAFE_INPUT.has(key) && typeof value === 'string' ? value : hidden(value)]),
    );
  }
  return shown;
}

function hidden(value: unknown): string {
  if (typeof value === 'string') return `[redacted: ${value.length} characters]`;
  return '[redacted]';
}
