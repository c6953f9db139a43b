import { detectChangePoints, type ChangePoint } from '../analytics/detectChangePoints.js';
import { linearRegression, type LinearRegressionResult, type TrendDirection } from '../analytics/linearRegression.js';
import { percentiles } from '../analytics/percentiles.js';
import type { HistoryStore } from '../store/HistoryStore.js';
import { resolveNow, toLocalIso } from '../timeWindow.js';

/** How many of the latest durations the sparkline shows. */
export const SPARKLINE_RUNS = 30;
/**
 * The trend is the least-squares line through the window's durations, judged by how far it
 * moves across the whole window: at least this many percent of the mean up is
 * `increasing`, down is `decreasing`, anything less `stable`. runner.py's own rule
 * (|slope| < 0.01 per run) depends on the unit and on the number of runs: it calls the
 * noise of a job that takes minutes a trend, and a 50 % drift over 2,000 runs stable.
 */
export const STABLE_TREND_PCT = 10;
/**
 * ...and the slope must stand out of the noise: its t statistic, t = r·√((n − 2)/(1 − r²)),
 * at least this large (p ≈ 0.003 for long series). Otherwise one outlier among ten runs,
 * or a few timeouts early in the window, would tilt the line past 10 %.
 */
export const TREND_MIN_T = 3;

/** The t statistic of a least-squares slope from its r² over n points. */
function slopeT(rSquared: number, n: number): number {
  if (n < 3) return 0;
  return rSquared >= 1 ? Infinity : Math.sqrt((rSquared * (n - 2)) / (1 - rSquared));
}

/** A confirmed change point with the run it starts at. */
export interface StatsChangePoint extends ChangePoint {
  execution_id: number;
  start_time: string;
}

/** One script's line of `runner-dash stats`. */
export interface ScriptStats {
  script_path: string;
  runs: number;
  successful_runs: number;
  failed_runs: number;
  timed_out_runs: number;
  /** Percentage 0–100, two decimals. */
  success_rate: number;
  /** Duration percentiles over every run in the window (seconds, 2 decimals); null without runs. */
  p50_seconds: number | null;
  p95_seconds: number | null;
  /** The latest durations, oldest first (at most {@link SPARKLINE_RUNS}). */
  last_durations: number[];
  /** Direction of the fitted line, by how far it moves across the window (see {@link STABLE_TREND_PCT}). */
  trend: TrendDirection;
  /** Total change of the fitted line across the window, percent. */
  trend_change_pct: number;
  /** linearRegression's full answer over the window (runner.py's numbers and trend). */
  regression: LinearRegressionResult;
  /** `start_time` of the newest run. */
  last_run: string | null;
  /** Confirmed change points in the durations, newest first. */
  change_points: StatsChangePoint[];
}

/** Everything `runner-dash stats` shows. */
export interface StatsReport {
  database: string;
  /** The window in days, or null for the whole history. */
  days: number | null;
  /** The clock the window and "ago" use (naive local ISO). */
  now: string;
  total_runs: number;
  scripts: ScriptStats[];
}

async function scriptStats(
  store: HistoryStore,
  scriptPath: string,
  window: { days?: number; now: Date },
): Promise<ScriptStats | undefined> {
  const [counts, series] = await Promise.all([
    store.executionStatistics({ scriptPath, ...window }),
    store.metricSeries({ scriptPath, metricName: 'execution_time_seconds', ...window }),
  ]);
  if (counts.total_executions === 0) return undefined;
  const durations = series.map((p) => p.value);
  const spread = percentiles(durations);
  const regression = linearRegression(durations);
  const mean = durations.reduce((a, b) => a + b, 0) / (durations.length || 1);
  const changePct = mean > 0 ? ((regression.slope * Math.max(0, durations.length - 1)) / mean) * 100 : 0;
  const judged =
    regression.trend === 'increasing' || regression.trend === 'decreasing' || regression.trend === 'stable';
  const moving =
    Math.abs(changePct) >= STABLE_TREND_PCT && slopeT(regression.r_squared, durations.length) >= TREND_MIN_T;
  const changes = detectChangePoints(durations)
    .filter((c) => c.confidence === 'confirmed')
    .map((c) => ({ ...c, execution_id: series[c.index]!.execution_id, start_time: series[c.index]!.timestamp }))
    .reverse();
  return {
    script_path: scriptPath,
    runs: counts.total_executions,
    successful_runs: counts.successful,
    failed_runs: counts.failed,
    timed_out_runs: counts.timed_out,
    success_rate: counts.success_rate,
    p50_seconds: 'median' in spread ? spread.median : null,
    p95_seconds: 'p95' in spread ? spread.p95 : null,
    last_durations: durations.slice(-SPARKLINE_RUNS),
    trend: !judged ? regression.trend : !moving ? 'stable' : changePct > 0 ? 'increasing' : 'decreasing',
    trend_change_pct: Math.round(changePct * 10) / 10,
    regression,
    last_run: series.at(-1)?.timestamp ?? null,
    change_points: changes,
  };
}

/**
 * Gathers, for every script with runs in the window, its run counts, success rate,
 * duration percentiles, latest durations, trend and confirmed change points — the data
 * of `runner-dash stats` (table or `--json`). Scripts are sorted by path.
 */
export async function collectScriptStats(
  store: HistoryStore,
  options: { days?: number; now?: Date | string } = {},
): Promise<StatsReport> {
  const now = resolveNow(options.now);
  const window = { days: options.days, now };
  const paths = await store.scriptPaths();
  const scripts: ScriptStats[] = [];
  for (const path of paths) {
    const stats = await scriptStats(store, path, window);
    if (stats) scripts.push(stats);
  }
  scripts.sort((a, b) => (a.script_path < b.script_path ? -1 : a.script_path > b.script_path ? 1 : 0));
  return {
    database: store.location,
    days: options.days ?? null,
    now: toLocalIso(now),
    total_runs: scripts.reduce((sum, s) => sum + s.runs, 0),
    scripts,
  };
}
