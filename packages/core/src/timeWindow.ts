import type { TimeWindow } from './types.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Formats a Date as runner.py writes `start_time`: naive local time with microseconds,
 * e.g. `2026-11-28T01:36:48.194000`. Such strings sort chronologically as text.
 */
export function toLocalIso(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}000`
  );
}

/** Formats a Date as SQLite's CURRENT_TIMESTAMP does (UTC, `YYYY-MM-DD HH:MM:SS`). */
export function toSqliteUtc(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Reads `now` as a Date: a Date as it is, a string as naive local time (a trailing `Z` or
 * offset is honoured), absent as the current time.
 */
export function resolveNow(now?: Date | string): Date {
  if (now === undefined) return new Date();
  if (now instanceof Date) return new Date(now.getTime());
  const date = new Date(now);
  if (Number.isNaN(date.getTime()))
    throw new RangeError(`'${now}' is not a date and time (expected e.g. 2026-11-28T02:00:00)`);
  return date;
}

/**
 * The earliest `start_time` (as a comparable local ISO string) inside a window, or
 * undefined when the window has no `days`. Days are calendar days on the local wall
 * clock, as Python's `datetime.now() - timedelta(days=N)` on naive times.
 */
export function windowStart(window: TimeWindow): string | undefined {
  if (window.days === undefined) return undefined;
  const start = resolveNow(window.now);
  start.setDate(start.getDate() - window.days);
  return toLocalIso(start);
}
