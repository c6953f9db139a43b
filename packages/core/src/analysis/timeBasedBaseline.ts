import { roundTo } from '../analytics/roundTo.js';
import { median } from '../analytics/stats.js';
import type { HistoryStore } from '../store/HistoryStore.js';

/** Which series {@link timeBasedBaseline} compares, and over which windows. */
export interface TimeBasedBaselineQuery {
  scriptPath?: string;
  metricName: string;
  /** Default 7. */
  recentDays?: number;
  /** Default 30. */
  historicalDays?: number;
  now?: Date | string;
}

/** Median of the recent window against the median of the longer one. */
export interface TimeBasedBaseline {
  /** 4 decimals. */
  recent_baseline: number;
  /** 4 decimals. */
  historical_baseline: number;
  /** 2 decimals. */
  percent_change: number;
  recent_period_days: number;
  historical_period_days: number;
  recent_samples: number;
  historical_samples: number;
  /** `improved` below −5 %, `degraded` above +5 %, else `stable`. */
  status: 'improved' | 'degraded' | 'stable';
}

/** One of the two windows has no run. */
export interface TimeBasedBaselineEmpty {
  error: 'Insufficient data for time-based analysis';
}

/**
 * runner.py's time-based baseline: the median of a script's metric over the last 7 days
 * against its median over the last 30 (analytics-reference.md, `time-based`).
 */
export async function timeBasedBaseline(
  store: HistoryStore,
  query: TimeBasedBaselineQuery,
): Promise<TimeBasedBaseline | TimeBasedBaselineEmpty> {
  const recentDays = query.recentDays ?? 7;
  const historicalDays = query.historicalDays ?? 30;
  const series = (days: number): Promise<number[]> =>
    store
      .metricSeries({ scriptPath: query.scriptPath, metricName: query.metricName, days, now: query.now })
      .then((points) => points.map((p) => p.value).filter(Number.isFinite));
  const [recent, historical] = await Promise.all([series(recentDays), series(historicalDays)]);
  if (recent.length === 0 || historical.length === 0) return { error: 'Insufficient data for time-based analysis' };
  const recentMedian = median(recent);
  const historicalMedian = median(historical);
  const change = historicalMedian === 0 ? 0 : ((recentMedian - historicalMedian) / historicalMedian) * 100;
  return {
    recent_baseline: roundTo(recentMedian, 4),
    historical_baseline: roundTo(historicalMedian, 4),
    percent_change: roundTo(change, 2),
    recent_period_days: recentDays,
    historical_period_days: historicalDays,
    recent_samples: recent.length,
    historical_samples: historical.length,
    status: change < -5 ? 'improved' : change > 5 ? 'degraded' : 'stable',
  };
}
