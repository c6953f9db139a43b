/**
 * How numbers and times read on screen. Pure functions with fixed formats (not the
 * browser's locale), so a screenshot and a test see the same text everywhere.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Milliseconds since the epoch of a history timestamp: a naive local ISO `start_time`
 * (`2026-11-28T01:36:48.194022`, local time as runner.py wrote it) or SQLite's UTC
 * `created_at` (`2026-11-28 01:36:48`, marked by the space). NaN when unreadable.
 */
export function parseTimestamp(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})([T ])(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
    text.trim(),
  );
  if (!m) return NaN;
  const [, y, mo, d, sep, h, mi, s = '0', frac = '0', zone] = m;
  const ms = Number(`0.${frac}`) * 1000;
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms] as const;
  if (zone) return Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${pad(Number(s))}.${pad(Math.floor(ms), 3)}${zone}`);
  return sep === ' ' ? Date.UTC(...fields) : new Date(...fields).getTime();
}

/** `2026-11-28 01:36:48` in local time. */
export function formatDateTime(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A short axis label for a time, precise enough for the visible span. */
export function formatTick(ms: number, spanMs: number): string {
  const d = new Date(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (spanMs < 10 * 60_000) return `${hm}:${pad(d.getSeconds())}`;
  if (spanMs < 36 * 3_600_000) return hm;
  if (spanMs < 4 * 86_400_000) return `${MONTHS[d.getMonth()]} ${d.getDate()} ${hm}`;
  return `${MONTHS[d.getMonth()]} ${d.getDate()}`;
}

/** `5 s ago`, `3 min ago`, `2 h ago`, `4 d ago`. */
export function formatRelative(ms: number, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** A number with at most `digits` significant decimals and thousands separators. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  let decimals: number;
  if (abs >= 1000 || Number.isInteger(value)) decimals = 0;
  else if (abs >= 100) decimals = 1;
  else if (abs >= 1) decimals = 2;
  else if (abs === 0) decimals = 0;
  else decimals = Math.min(6, Math.max(digits, Math.ceil(-Math.log10(abs)) + digits - 1));
  const fixed = value.toFixed(decimals);
  const [int = '', frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const trimmed = frac?.replace(/0+$/, '');
  return trimmed ? `${grouped}.${trimmed}` : grouped;
}

/** `103 ms`, `1.02 s`, `2 min 5 s`, `1 h 2 min`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  if (seconds < 1) return `${formatNumber(seconds * 1000, 2)} ms`;
  if (seconds < 60) return `${formatNumber(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** `97.5 %` (the value is already a percentage). */
export function formatPercent(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${Number(value.toFixed(decimals))} %`;
}

/** A signed change: `+12.3 %`, `−4 %`. */
export function formatChange(percent: number): string {
  if (!Number.isFinite(percent)) return '—';
  const rounded = Number(Math.abs(percent).toFixed(Math.abs(percent) >= 10 ? 0 : 1));
  return `${percent < 0 ? '−' : '+'}${rounded} %`;
}

/** A p-value the way people read them: `p = 0.0003`, `p < 0.0001`. */
export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return 'p = ?';
  if (p < 0.0001) return 'p < 0.0001';
  return `p = ${Number(p.toPrecision(1)) >= 0.01 ? p.toFixed(2) : Number(p.toPrecision(1))}`;
}

/** `12.4 MB`, `830 KB`. */
export function formatMegabytes(mb: number | null | undefined): string {
  if (mb === null || mb === undefined || !Number.isFinite(mb)) return '—';
  if (mb >= 1024) return `${formatNumber(mb / 1024, 2)} GB`;
  if (mb >= 1) return `${formatNumber(mb, 2)} MB`;
  return `${formatNumber(mb * 1024, 2)} KB`;
}

/** A metric's value in its unit, guessed from runner.py's metric names. */
export function formatMetric(metric: string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (metric.endsWith('_seconds')) return formatDuration(value);
  if (metric.endsWith('_mb')) return formatMegabytes(value);
  if (metric.endsWith('_kb')) return formatMegabytes(value / 1024);
  if (metric.startsWith('cpu_')) return formatPercent(value);
  return formatNumber(value);
}

/** `execution_time_seconds` → `Execution time`. */
export function metricLabel(metric: string): string {
  const words = metric.replace(/_(seconds|mb|kb)$/, '').replace(/_/g, ' ');
  const label = words.charAt(0).toUpperCase() + words.slice(1);
  const unit = /_(seconds|mb|kb)$/.exec(metric)?.[1];
  return unit === 'mb' || unit === 'kb' ? `${label} (${unit.toUpperCase()})` : label;
}
