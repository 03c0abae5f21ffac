import { bearerTokenMatches } from '../../shared/auth';
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
  return expected === undefined || bearerTokenMatches(authorization, expected);
}
