import type { LocatedChangePoint } from '../analysis/locateChangePoints.js';

/** The unit a metric's values are in, from runner.py's naming (`*_seconds`, `*_mb`); '' when unknown. */
function unitOf(metricName: string): string {
  if (/_seconds$/.test(metricName)) return ' s';
  if (/_mb$/i.test(metricName)) return ' MB';
  return '';
}

/** A value as people compare them: two decimals, or three significant digits below 1. */
function formatValue(value: number): string {
  if (value !== 0 && Math.abs(value) < 1) return String(Number(value.toPrecision(3)));
  return value.toFixed(2);
}

/** `31 %` for large shifts, `5.4 %` for small ones, where the decimal still matters. */
function formatPercent(percent: number): string {
  const size = Math.abs(percent);
  return `${size >= 10 ? Math.round(size) : Number(size.toFixed(1))} %`;
}

/** `0.0001` down to four decimals, then `2.6e-17`: the size of a tiny p matters, not its digits. */
function formatP(p: number): string {
  return p >= 1e-4 || p === 0 ? String(Number(p.toPrecision(2))) : p.toExponential(1);
}

/**
 * One sentence for a confirmed change, as `runner-dash check` prints it:
 * `etl/load.py: execution_time_seconds 31 % slower since run #2256 (2026-11-12 04:10),
 * median 42.05 s → 55.18 s, p = 0.0001`. Durations get slower/faster; other metrics
 * higher/lower.
 */
export function describeChange(change: {
  script_path: string;
  metric_name: string;
  change_point: LocatedChangePoint;
}): string {
  const c = change.change_point;
  const timed = /_seconds$|time/.test(change.metric_name);
  const up = c.direction === 'regression';
  const word = timed ? (up ? 'slower' : 'faster') : up ? 'higher' : 'lower';
  const unit = unitOf(change.metric_name);
  const when = c.start_time.slice(0, 16).replace('T', ' ');
  return (
    `${change.script_path}: ${change.metric_name} ${formatPercent(c.change_percent)} ${word} ` +
    `since run #${c.execution_id} (${when}), ` +
    `median ${formatValue(c.before.median)}${unit} → ${formatValue(c.after.median)}${unit}, p = ${formatP(c.p_value)}`
  );
}
