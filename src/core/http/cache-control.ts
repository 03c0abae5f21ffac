/** `Cache-Control: no-cache` (or no-store) on a request: compute afresh, skipping result caches. */
export function bypassesCache(headers: Record<string, string | string[] | undefined>): boolean {
  const value = headers['cache-control'];
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return /\bno-(cache|store)\b/i.test(text);
}
