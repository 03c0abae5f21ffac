/**
 * `Date#toISOString()` and its date part for a UTC instant, by integer arithmetic (civil date from
 * a day count, H. Hinnant's algorithm) with the date strings cached per day: the demo's ~300,000
 * timestamps took ~20% of its generation through Date objects. Years 0-9999, as toISOString
 * writes them with four digits.
 */
const DAY_MS = 86_400_000;
const dates = new Map<number, string>();

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

function civilDate(days: number): string {
  let text = dates.get(days);
  if (text === undefined) {
    const z = days + 719_468;
    const era = Math.floor(z / 146_097);
    const doe = z - era * 146_097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    text = `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}`;
    if (dates.size > 100_000) dates.clear();
    dates.set(days, text);
  }
  return text;
}

/** What `new Date(ms).toISOString()` gives (fractions of a millisecond truncated, as Date does). */
export function isoUtc(ms: number): string {
  const t = Math.trunc(ms);
  const days = Math.floor(t / DAY_MS);
  let rest = t - days * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `${civilDate(days)}T${two(hours)}:${two(minutes)}:${two(seconds)}.${String(millis).padStart(3, '0')}Z`;
}

/** What `new Date(ms).toISOString().slice(0, 10)` gives. */
export function isoUtcDay(ms: number): string {
  return civilDate(Math.floor(Math.trunc(ms) / DAY_MS));
}
