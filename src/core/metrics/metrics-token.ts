import { timingSafeEqual } from 'node:crypto';
import type { AllConfig } from '../config';

/**
 * METRICS_TOKEN: when set, /metrics wants `Authorization: Bearer <METRICS_TOKEN>` (a static
 * scrape credential, as Prometheus' `authorization` block sends); when unset, /metrics is open and
 * must be kept off the public ingress.
 */
export function configuredMetricsToken(config: AllConfig): string | undefined {
  return config.security.metricsToken || undefined;
}

/** Constant-time comparison of the Authorization header with the configured token. */
export function metricsAuthorized(expected: string | undefined, authorization: string | undefined): boolean {
  if (expected === undefined) return true;
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1].trim());
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
