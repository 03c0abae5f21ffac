import { parseExpression } from 'cron-parser';
import { AppError, ErrorCode } from '../core/errors';

const DAY = 86_400;

/**
 * The shortest gap, in seconds, between two runs of a cron expression, from its expanded fields
 * rather than by listing runs (cron-parser takes seconds to step through sparse expressions).
 * Within a day a cron fires every combination of its hours, minutes and seconds, so each gap is a
 * step in one field with the finer fields wrapping from their last value to their first; across
 * days the gap is taken as if the cron fired on consecutive days, which can only make it shorter
 * (so a refusal is never wrongly avoided). Daylight-saving shifts are not counted.
 */
export function shortestCronGapSeconds(cron: string, timezone: string): number {
  const { second, minute, hour } = parseExpression(cron, { tz: timezone }).fields;
  const spanOf = (values: readonly number[], unit: number) => (values[values.length - 1] - values[0]) * unit;
  const seconds = spanOf(second, 1);
  const minutes = spanOf(minute, 60) + seconds;
  const hours = spanOf(hour, 3600) + minutes;
  return Math.min(
    smallestStep(second, 1, 0),
    smallestStep(minute, 60, seconds),
    smallestStep(hour, 3600, minutes),
    DAY - hours,
  );
}

/** The smallest step between two consecutive values of one field, less the finer fields' span. */
function smallestStep(values: readonly number[], unit: number, finerSpan: number): number {
  let smallest = Infinity;
  for (let i = 1; i < values.length; i++) smallest = Math.min(smallest, (values[i] - values[i - 1]) * unit - finerSpan);
  return smallest;
}

/** Refuses (400) a cron expression whose runs can come closer together than `minSeconds`. */
export function assertCronInterval(cron: string, timezone: string, minSeconds: number): void {
  let shortest: number;
  try {
    shortest = shortestCronGapSeconds(cron, timezone);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError(ErrorCode.ValidationFailed, `cron: ${message}`, { details: [{ field: 'cron', message }] });
  }
  if (shortest < minSeconds) {
    const message = `runs can come ${shortest} s apart; the minimum interval is ${minSeconds} s`;
    throw new AppError(ErrorCode.ValidationFailed, `cron: ${message}`, { details: [{ field: 'cron', message }] });
  }
}
