/**
 * Which rate limit a request spends, decided before the handler runs from the request alone:
 * `background` when the request cannot be answered inline (the dispatcher's structural rules that
 * depend only on the request: always-background endpoints, use_celery, scheduling, query types
 * and length), `inline` for every other POST. Load-based rerouting (adaptive routing) does not
 * change the charge: the caller asked for inline work. GET/DELETE (status polling, cancel, health,
 * docs, metrics) are never throttled.
 */
export type SubmitClass = 'inline' | 'background';

const ALWAYS_BACKGROUND = ['/api/ai/medical', '/api/ai/code'];
const BACKGROUND_QUERY_TYPES = new Set(['medical', 'database', 'code']);

export function classifySubmit(method: string, route: string, body: unknown, inlineQueryMaxChars: number): SubmitClass | null {
  if (method !== 'POST') return null;
  const path = route.replace(/\/+$/, '');
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (ALWAYS_BACKGROUND.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return 'background';
  if (fields.use_celery === true || fields.run_at !== undefined || fields.delay_seconds !== undefined) return 'background';
  if (path === '/api/ai/query') {
    if (typeof fields.query_type === 'string' && BACKGROUND_QUERY_TYPES.has(fields.query_type)) return 'background';
    if (typeof fields.query === 'string' && fields.query.length > inlineQueryMaxChars) return 'background';
  }
  return 'inline';
}
