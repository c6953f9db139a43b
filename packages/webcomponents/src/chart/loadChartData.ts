import type { ChangePointJson, ExecutionSummary } from '../data/apiTypes.js';
import type { DataSource, Filters } from '../data/DataSource.js';
import { parseTimestamp } from '../format.js';
import type { TrendPoint } from './trendChartConfig.js';

/** The data behind one chart. */
export interface ChartData {
  points: TrendPoint[];
  /** p50 and p95 of the window (core's aggregated statistics), when there are values. */
  band?: { p50: number; p95: number };
  changePoints: ChangePointJson[];
}

/** At most this many points are fetched; the chart decimates what it draws. */
export const MAX_POINTS = 5000;

/**
 * Fetches a metric's series with its window statistics and change points, all in
 * parallel. Change points need one script; an analysis that fails leaves the chart
 * without markers rather than without a chart.
 */
export async function loadChartData(source: DataSource, filters: Filters): Promise<ChartData> {
  const [history, stats, analysis] = await Promise.all([
    source.metricHistory({ ...filters, limit: MAX_POINTS }),
    source.aggregated(filters),
    filters.script ? source.trendAnalysis(filters).catch(() => undefined) : undefined,
  ]);
  const points: TrendPoint[] = history.data
    .map((p) => ({ x: parseTimestamp(p.timestamp), y: p.value, execution_id: p.execution_id }))
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const metricStats = filters.metric ? stats[filters.metric] : undefined;
  return {
    points,
    band: metricStats && metricStats.count > 0 ? { p50: metricStats.median, p95: metricStats.p95 } : undefined,
    changePoints: analysis?.change_points ?? [],
  };
}

/**
 * Adds each run's outcome (exit code, attempt, success) to its point, from the runs'
 * rows. A second step so the chart is drawn before this arrives; returns how many
 * points were matched.
 */
export async function attachOutcomes(
  source: DataSource,
  script: string | undefined,
  points: TrendPoint[],
): Promise<number> {
  if (points.length === 0) return 0;
  const { rows } = await source.executions({ script, limit: Math.min(10_000, points.length + 50) });
  const byId = new Map<number, ExecutionSummary>(rows.map((row) => [row.id, row]));
  let matched = 0;
  for (const point of points) {
    const row = byId.get(point.execution_id);
    if (!row) continue;
    point.exit_code = row.exit_code;
    point.attempt_number = row.attempt_number;
    point.success = row.success;
    point.timed_out = row.timed_out;
    if (!script) point.script_path = row.script_path;
    matched += 1;
  }
  return matched;
}
