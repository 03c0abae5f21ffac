/** Why a request was answered inline or queued; returned to the client as `routing`. */
export type RoutingMode = 'inline' | 'background';

export enum RoutingRule {
  UseCelery = 'use_celery',
  LongQuery = 'long_query',
  AlwaysBackground = 'always_background',
  SystemQuery = 'system_query',
  ComplexSql = 'complex_sql',
  ExpensiveSql = 'expensive_sql',
  NaturalLanguageDatabase = 'natural_language_database',
  SimpleSql = 'simple_sql',
  ShortQuery = 'short_query',
  InFlightLimit = 'inline_in_flight_limit',
  SlowKind = 'measured_p95',
  /** A diverted kind's request answered inline anyway, so its recovery is measured. */
  InlineProbe = 'inline_probe',
  WaitThenQueue = 'wait_then_queue',
  Schedule = 'schedule',
  InlinePromoted = 'inline_promoted',
}

export interface RoutingDecision {
  mode: RoutingMode;
  rule: RoutingRule;
  reason: string;
}

export type RouteInput =
  | { kind: 'query'; queryType: string; length: number; forceBackground?: boolean }
  | { kind: 'database'; sqlFeatures: string[] | null; forceBackground?: boolean }
  | { kind: 'medical' | 'code'; forceBackground?: boolean };

export const inline = (rule: RoutingRule, reason: string): RoutingDecision => ({ mode: 'inline', rule, reason });
export const background = (rule: RoutingRule, reason: string): RoutingDecision => ({ mode: 'background', rule, reason });
