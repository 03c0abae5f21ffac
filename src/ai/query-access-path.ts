import { AccessPath } from '../shared/policy';

/**
 * The policy path a `POST /api/ai/query/` body asks for: `query_type` sends it down the database,
 * medical or code path (see AiQueryService.enqueue), which needs that path's roles.
 */
export function queryAccessPath(body: unknown): AccessPath {
  const type = typeof body === 'object' && body !== null ? (body as { query_type?: unknown }).query_type : undefined;
  if (type === 'database') return AccessPath.Database;
  if (type === 'medical') return AccessPath.Medical;
  if (type === 'code') return AccessPath.Code;
  return AccessPath.GeneralQuery;
}
