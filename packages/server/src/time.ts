const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Local time as runner.py writes it (`2026-11-28T01:36:48.194000`), for `timestamp` and
 * `cached_at` fields, so clients compare them with `start_time` directly.
 */
export function toLocalIso(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}000`
  );
}
