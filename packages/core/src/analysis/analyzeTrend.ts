import { detectAnomalies, type AnomalyResult } from '../analytics/detectAnomalies.js';
import { detectRegression, type RegressionResult } from '../analytics/detectRegression.js';
import { linearRegression, type LinearRegressionResult } from '../analytics/linearRegression.js';
import { percentiles, type PercentileResult } from '../analytics/percentiles.js';
import { roundTo } from '../analytics/roundTo.js';
import type { HistoryStore } from '../store/HistoryStore.js';
import type { TimeWindow } from '../types.js';
import { locateChangePoints, type LocatedChangePoint } from './locateChangePoints.js';

/** Which series {@link analyzeTrend} looks at. */
export interface TrendQuery extends TimeWindow {
  /** One script's runs; every script's when absent. */
  scriptPath?: string;
  metricName: string;
  /** Days back from `now`; default 30. */
  days?: number;
}

/** The whole picture of one script's metric (analytics-reference.md, "Trend analysis"). */
export interface TrendAnalysisResult {
  script_path: string | null;
  metric_name: string;
  data_points: number;
  period_days: number;
  trend: LinearRegressionResult;
  /** IQR fences at 1.5. */
  anomalies: AnomalyResult;
  /** Last 5 runs against the rest, 10 % threshold. */
  regression: RegressionResult;
  percentiles: PercentileResult;
  /** 2 decimals. */
  latest_value: number;
  /** 2 decimals. */
  first_value: number;
  /** Where the level of the series changed (runner-dash's addition), oldest first. */
  change_points: LocatedChangePoint[];
}

/** No run of that script recorded that metric in the window. */
export interface TrendAnalysisEmpty {
  error: 'No data available';
  script_path: string | null;
  metric_name: string;
}

/** The answer of {@link analyzeTrend}. */
export type TrendAnalysis = TrendAnalysisResult | TrendAnalysisEmpty;

/**
 * Trend, anomalies, window regression, percentiles and change points of one script's metric
 * over the last `days` days, in run order (one query).
 */
export async function analyzeTrend(store: HistoryStore, query: TrendQuery): Promise<TrendAnalysis> {
  const days = query.days ?? 30;
  const scriptPath = query.scriptPath ?? null;
  const series = (
    await store.metricSeries({ scriptPath: query.scriptPath, metricName: query.metricName, days, now: query.now })
  ).filter((p) => Number.isFinite(p.value));
  if (series.length === 0)
    return { error: 'No data available', script_path: scriptPath, metric_name: query.metricName };
  const values = series.map((p) => p.value);
  return {
    script_path: scriptPath,
    metric_name: query.metricName,
    data_points: values.length,
    period_days: days,
    trend: linearRegression(values),
    anomalies: detectAnomalies(values, { method: 'iqr', threshold: 1.5 }),
    regression: detectRegression(values, { windowSize: 5, thresholdPct: 10 }),
    percentiles: percentiles(values) as PercentileResult,
    latest_value: roundTo(values[values.length - 1]!, 2),
    first_value: roundTo(values[0]!, 2),
    change_points: locateChangePoints(series),
  };
}
