import { locateChangePoints, type LocatedChangePoint } from '../analysis/locateChangePoints.js';
import type { HistoryStore } from '../store/HistoryStore.js';
import { resolveNow, toLocalIso } from '../timeWindow.js';
import { UsageError } from './Command.js';
import { describeChange } from './describeChange.js';

/**
 * Smallest median shift `runner-dash check` fails on, in percent: the same as
 * detectChangePoints' own default, so that `check` and the dashboard agree out of the box.
 */
export const DEFAULT_MIN_CHANGE_PCT = 5;

/** What `runner-dash check` looks at. */
export interface CheckQuery {
  /** Only this script; every script in the history when absent. */
  scriptPath?: string;
  /** Default `execution_time_seconds`. */
  metricName?: string;
  /** Days back from `now`; default 30, as `/api/analysis/regressions`. */
  days?: number;
  /** Smallest median shift reported, percent; default {@link DEFAULT_MIN_CHANGE_PCT}. */
  minChangePercent?: number;
  now?: Date | string;
}

/** One confirmed change of one script's metric, with the sentence that tells it. */
export interface CheckedChange {
  script_path: string;
  metric_name: string;
  /** One sentence for people, as printed. */
  message: string;
  change_point: LocatedChangePoint;
}

/** Everything `runner-dash check` found (its `--json`). */
export interface CheckReport {
  database: string;
  metric_name: string;
  days: number;
  /** The clock the window uses (naive local ISO). */
  now: string;
  min_change_percent: number;
  /** Scripts with at least one value of the metric in the window. */
  scripts_checked: number;
  /** Confirmed slowdowns (rises) of at least `min_change_percent`, newest first: each one fails the check. */
  regressions: CheckedChange[];
  /** Confirmed improvements, newest first: information only. */
  improvements: CheckedChange[];
  /** True when there is at least one regression. */
  failed: boolean;
}

/**
 * The confirmed changes of level in a metric over the window, split into regressions (which
 * fail a CI pipeline) and improvements (which do not). `minChangePercent` is handed to the
 * detector itself, so a lower bound also finds smaller changes than the dashboard shows.
 *
 * @throws {@link UsageError} when the script or the metric is not in the history at all:
 * a typo in a CI pipeline must not pass silently as "no regression".
 */
export async function checkChanges(store: HistoryStore, query: CheckQuery = {}): Promise<CheckReport> {
  const metricName = query.metricName ?? 'execution_time_seconds';
  const days = query.days ?? 30;
  const minChangePercent = query.minChangePercent ?? DEFAULT_MIN_CHANGE_PCT;
  const now = resolveNow(query.now);
  const known = await store.scriptPaths();
  if (query.scriptPath !== undefined && !known.includes(query.scriptPath))
    throw new UsageError(
      `no run of '${query.scriptPath}' in ${store.location}; script paths are as recorded (e.g. '${known[0] ?? 'jobs/etl.py'}')`,
    );
  if (!(await store.availableMetrics()).includes(metricName))
    throw new UsageError(`no run in ${store.location} recorded the metric '${metricName}'`);

  const found: CheckedChange[] = [];
  let checked = 0;
  for (const scriptPath of query.scriptPath !== undefined ? [query.scriptPath] : known) {
    const series = await store.metricSeries({ scriptPath, metricName, days, now });
    if (series.length === 0) continue;
    checked++;
    for (const point of locateChangePoints(series, { minChangePercent })) {
      if (point.confidence !== 'confirmed' || Math.abs(point.change_percent) < minChangePercent) continue;
      const change = { script_path: scriptPath, metric_name: metricName, change_point: point };
      found.push({ ...change, message: describeChange(change) });
    }
  }
  const newestFirst = (a: CheckedChange, b: CheckedChange): number =>
    a.change_point.start_time < b.change_point.start_time
      ? 1
      : a.change_point.start_time > b.change_point.start_time
        ? -1
        : 0;
  found.sort(newestFirst);
  const regressions = found.filter((c) => c.change_point.direction === 'regression');
  return {
    database: store.location,
    metric_name: metricName,
    days,
    now: toLocalIso(now),
    min_change_percent: minChangePercent,
    scripts_checked: checked,
    regressions,
    improvements: found.filter((c) => c.change_point.direction === 'improvement'),
    failed: regressions.length > 0,
  };
}
