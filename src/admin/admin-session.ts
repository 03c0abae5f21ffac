/**
 * The queue dashboard is opened by a browser, which cannot send a bearer header when it
 * navigates. POST /api/ai/admin/session (with the bearer) stores the same JWT in an httpOnly,
 * SameSite=Strict cookie scoped to the dashboard's path; the dashboard hook accepts either.
 * Not a `?token=` query: URLs end up in history, proxies' access logs and Referer headers.
 */
export const DASHBOARD_PATH = '/api/ai/admin/queues';
export const SESSION_COOKIE = 'medcor_admin_session';

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  const attributes = [`${SESSION_COOKIE}=${encodeURIComponent(token)}`, `Path=${DASHBOARD_PATH}`, 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=0`;
}

/** Does this request (its matched route or its path) belong to the dashboard? */
export function isDashboardRequest(routeUrl: string | undefined, rawUrl: string): boolean {
  const inDashboard = (path: string) => {
    const lower = path.toLowerCase();
    return lower === DASHBOARD_PATH || lower.startsWith(`${DASHBOARD_PATH}/`);
  };
  // A request routed to a route of ours is the dashboard's only if that route is; the raw path
  // matters for requests that matched no route (and returns before any decoding for the rest).
  if (routeUrl !== undefined) return inDashboard(routeUrl);
  let decoded = rawUrl.split('?')[0];
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // A malformed escape cannot match a route either; judge the raw path.
  }
  return inDashboard(decoded.replace(/\/{2,}/g, '/'));
}
