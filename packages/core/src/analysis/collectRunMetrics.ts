import type { HistoryStore, ScriptRunSummary } from '../store/HistoryStore.js';
import { findRegressions, type RegressionsQuery, type ScriptRegressions } from './findRegressions.js';

/**
 * Default histogram buckets (seconds) for script durations: from a tenth of a second to an
 * hour, roughly ×2.5 apart, so both quick jobs and long batch runs land in distinct buckets.
 */
export const DEFAULT_DURATION_BUCKETS: readonly number[] = [
  0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600,
];

/** The label value that scripts beyond the cardinality limit are folded into. */
export const OTHER_SCRIPTS = 'other';

/** Options of {@link collectRunMetrics}. */
export interface RunMetricsOptions {
  /** Most scripts reported by name (the most recently run); the rest become `other`. Default 100. */
  maxScripts?: number;
  /** Upper bounds of the duration histogram's buckets. Default {@link DEFAULT_DURATION_BUCKETS}. */
  bucketBounds?: readonly number[];
  /** Window of the confirmed-regressions count, in days. Default 30. */
  regressionDays?: number;
  now?: Date | string;
  /**
   * Who finds the confirmed changes (a server passes its worker pool's, so the series scans
   * stay off its event loop). Default: `findRegressions` over `store` on this thread.
   */
  findRegressions?: (query: RegressionsQuery) => Promise<ScriptRegressions[]>;
}

/** One script's (or the `other` group's) counters and gauges. */
export interface ScriptRunMetrics extends ScriptRunSummary {
  /** Confirmed change points towards slower runs of `execution_time_seconds` in the window. */
  confirmed_regressions: number;
}

/** Everything a Prometheus scrape reports. */
export interface RunMetricsSnapshot {
  bucket_bounds: number[];
  /** Kept scripts, most recently run first; the `other` group last when anything was folded. */
  scripts: ScriptRunMetrics[];
  /** How many scripts were folded into `other`. */
  folded_scripts: number;
}

/**
 * The whole history as Prometheus families need it: per script, runs by outcome, a
 * cumulative duration histogram, the newest run and the confirmed regressions of the
 * last days. Scripts beyond `maxScripts` (the least recently run) are summed into one
 * `other` entry so that a history with thousands of one-off scripts cannot explode a
 * monitoring system's series count.
 *
 * @throws RangeError for a `maxScripts` that is not a whole number ≥ 0 or bad bucket bounds.
 */
export async function collectRunMetrics(
  store: HistoryStore,
  options: RunMetricsOptions = {},
): Promise<RunMetricsSnapshot> {
  const maxScripts = options.maxScripts ?? 100;
  if (!Number.isInteger(maxScripts) || maxScripts < 0)
    throw new RangeError(`maxScripts must be a whole number, 0 or more (got ${maxScripts})`);
  const bucketBounds = [...(options.bucketBounds ?? DEFAULT_DURATION_BUCKETS)];
  const regressionQuery: RegressionsQuery = { days: options.regressionDays ?? 30, now: options.now };
  const [summaries, changes] = await Promise.all([
    store.runSummaries({ bucketBounds }),
    options.findRegressions ? options.findRegressions(regressionQuery) : findRegressions(store, regressionQuery),
  ]);
  const regressions = new Map<string, number>();
  for (const found of changes) {
    const count = found.change_points.filter((c) => c.direction === 'regression').length;
    regressions.set(found.script_path, count);
  }
  const withRegressions = summaries.map((s): ScriptRunMetrics => ({
    ...s,
    confirmed_regressions: regressions.get(s.script_path) ?? 0,
  }));
  if (withRegressions.length <= maxScripts)
    return { bucket_bounds: bucketBounds, scripts: withRegressions, folded_scripts: 0 };
  // A script literally named "other" would collide with the group, so it joins the group.
  const named = withRegressions.filter((s) => s.script_path !== OTHER_SCRIPTS);
  const kept = named.slice(0, maxScripts);
  const folded = withRegressions.filter((s) => !kept.includes(s));
  return { bucket_bounds: bucketBounds, scripts: [...kept, foldScripts(folded)], folded_scripts: folded.length };
}

/** Sums scripts into one `other` entry: counters add up, the gauges follow the newest run. */
function foldScripts(scripts: readonly ScriptRunMetrics[]): ScriptRunMetrics {
  const newest = scripts.reduce((a, b) => (b.last_start_time > a.last_start_time ? b : a));
  const sum = (pick: (s: ScriptRunMetrics) => number): number => scripts.reduce((total, s) => total + pick(s), 0);
  return {
    script_path: OTHER_SCRIPTS,
    successes: sum((s) => s.successes),
    failures: sum((s) => s.failures),
    timeouts: sum((s) => s.timeouts),
    duration_sum: sum((s) => s.duration_sum),
    bucket_counts: newest.bucket_counts.map((_, i) => sum((s) => s.bucket_counts[i]!)),
    last_start_time: newest.last_start_time,
    last_duration_seconds: newest.last_duration_seconds,
    confirmed_regressions: sum((s) => s.confirmed_regressions),
  };
}
