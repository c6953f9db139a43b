/**
 * The JSON shapes of the runner-dash REST API and live feed (design.md §3), as the
 * elements see them. Row shapes come from core (type-only: nothing of core reaches the
 * browser bundle); the analysis and feed shapes are the wire format, defined here so the
 * elements do not depend on how core names its internal result types.
 */
import type {
  AggregatedStats,
  DatabaseStats,
  ExecutionDetail,
  ExecutionStatistics,
  ExecutionSummary,
  MetricPoint,
  ScriptSummary,
} from '@runner-dash/core';

export type {
  AggregatedStats,
  DatabaseStats,
  ExecutionDetail,
  ExecutionStatistics,
  ExecutionSummary,
  MetricPoint,
  ScriptSummary,
};

/** `GET /api/metrics/history`. */
export interface MetricHistory {
  metric_name: string;
  script_path: string | null;
  days: number;
  data_points: number;
  data: MetricPoint[];
}

/** One segment's summary on either side of a change point. */
export interface SegmentSummary {
  median: number;
  mean: number;
  n: number;
}

/** A change point as the API returns it (with the first run at the new level). */
export interface ChangePointJson {
  index: number;
  execution_id: number;
  start_time: string;
  change_percent: number;
  p_value: number;
  direction: 'regression' | 'improvement';
  confidence: 'confirmed' | 'suspected';
  before: SegmentSummary;
  after: SegmentSummary;
}

/** `linearRegression` as returned inside a trend analysis. */
export interface TrendLine {
  slope: number;
  intercept: number;
  r_squared: number;
  trend: 'increasing' | 'decreasing' | 'stable' | 'flat' | 'insufficient_data';
  slope_pct_per_run: number;
}

/** One anomalous run of a series. */
export interface AnomalyJson {
  index: number;
  value: number;
  type: string;
  deviation?: number;
  z_score?: number;
  modified_z?: number;
}

/** runner.py's recent-window regression check. */
export interface RegressionCheck {
  regression_detected: boolean;
  reason?: string;
  data_points?: number;
  baseline_mean?: number;
  recent_mean?: number;
  percent_change?: number;
  threshold_pct?: number;
  baseline_size?: number;
  recent_size?: number;
  severity?: 'high' | 'medium' | 'none';
}

/** `percentiles(values)`; empty object when there were no values. */
export interface PercentileSummary {
  min?: number;
  max?: number;
  mean?: number;
  median?: number;
  p75?: number;
  p90?: number;
  p95?: number;
  p99?: number;
  stddev?: number;
}

/** `GET /api/analysis/trend`: either the analysis or `{error}` when there was no data. */
export interface TrendAnalysis {
  script_path: string;
  metric_name: string;
  error?: string;
  data_points?: number;
  period_days?: number;
  trend?: TrendLine;
  anomalies?: { anomalies: AnomalyJson[]; method: string; count: number; percentage?: number };
  regression?: RegressionCheck;
  percentiles?: PercentileSummary;
  latest_value?: number;
  first_value?: number;
  change_points?: ChangePointJson[];
}

/** `GET /api/analysis/baseline` (intelligent method, or an `{error}`). */
export interface BaselineJson {
  baseline?: number;
  method?: string;
  reasoning?: string;
  reason?: string;
  error?: string;
  percentile?: number;
  data_points?: number;
  outliers_removed?: number;
  data_characteristics?: {
    mean: number;
    median: number;
    stddev: number;
    coefficient_of_variation: number;
    range: number;
    data_points: number;
  };
}

/** `GET /api/metrics/aggregated` and `/api/metrics/latest`: stats keyed by metric name. */
export type AggregatedByMetric = Record<string, AggregatedStats>;

/** The snapshot the live feed sends on connect and every 2 s. */
export interface SnapshotMessage extends Partial<DatabaseStats> {
  type: 'snapshot';
  execution_statistics?: ExecutionStatistics;
  performance_metrics?: unknown;
  cached_at?: string;
}

/** New runs, within a second of their commit. */
export interface ExecutionsMessage {
  type: 'executions';
  executions: ExecutionSummary[];
}

/** A new run confirmed a change in one script's metric. */
export interface RegressionMessage {
  type: 'regression';
  script_path: string;
  metric_name: string;
  change_point: ChangePointJson;
}

/** Every message the server's `/ws/metrics` feed sends. */
export type LiveMessage = SnapshotMessage | ExecutionsMessage | RegressionMessage;

/** How the live connection is doing. */
export type LiveStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** Emitted by a data source whenever its live connection changes state. */
export interface StatusEvent {
  type: 'status';
  status: LiveStatus;
  /** When the last message of the feed arrived (ms since epoch), null before the first. */
  last_update: number | null;
}

/** What a live listener receives: a feed message or a connection status change. */
export type LiveEvent = LiveMessage | StatusEvent;
