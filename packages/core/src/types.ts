/**
 * Row and result shapes shared by every part of runner-dash. Field names are snake_case
 * because they are the history database's column names and the REST API's JSON fields.
 */

/** One row of the `executions` table: one attempt of one script run. */
export interface ExecutionRow {
  id: number;
  script_path: string;
  /** JSON array of arguments as stored, or null. */
  script_args: string | null;
  /** Naive local-time ISO string with microseconds, e.g. `2026-11-28T01:36:48.194022`. */
  start_time: string;
  end_time: string;
  execution_time_seconds: number;
  exit_code: number;
  success: boolean;
  attempt_number: number;
  timeout_seconds: number | null;
  timed_out: boolean;
  stdout_lines: number | null;
  stderr_lines: number | null;
  python_version: string | null;
  platform: string | null;
  /** SQLite's UTC `YYYY-MM-DD HH:MM:SS`. */
  created_at: string;
}

/** The execution shape of `/api/executions` (as the original Python dashboard served it). */
export interface ExecutionSummary {
  id: number;
  script_path: string;
  exit_code: number;
  stdout_lines: number | null;
  stderr_lines: number | null;
  /** `created_at`, as the original dashboard did. */
  timestamp: string;
  success: boolean;
  execution_time_seconds: number;
  attempt_number: number;
  timed_out: boolean;
}

/** One row of the `alerts` table. */
export interface AlertRow {
  id: number;
  execution_id: number;
  alert_name: string;
  severity: string;
  condition: string;
  triggered_at: string;
}

/** A whole execution with every metric recorded for it and its alerts. */
export interface ExecutionDetail extends ExecutionRow {
  metrics: Record<string, number>;
  alerts: AlertRow[];
}

/** One script's summary for `/api/scripts`. */
export interface ScriptSummary {
  path: string;
  execution_count: number;
  successful_runs: number;
  /** Percentage 0–100, two decimals. */
  success_rate: number;
  /** `start_time` of the newest run. */
  last_execution: string;
}

/** One value of a metric series. */
export interface MetricPoint {
  execution_id: number;
  /** The run's `start_time`. */
  timestamp: string;
  value: number;
}

/** Aggregated statistics of one metric (analytics-reference.md, "Aggregated statistics"). */
export interface AggregatedStats {
  count: number;
  min: number;
  max: number;
  avg: number;
  median: number;
  p95: number;
  p99: number;
  stddev: number;
}

/** Counts and size of a whole history database. */
export interface DatabaseStats {
  total_executions: number;
  total_metrics: number;
  total_alerts: number;
  unique_scripts: number;
  total_execution_time_seconds: number;
  database_file: string;
  database_size_mb: number;
  /** `start_time` of the oldest and newest run, null when empty. */
  oldest_execution: string | null;
  newest_execution: string | null;
}

/** Success and failure counts. */
export interface ExecutionStatistics {
  total_executions: number;
  successful: number;
  failed: number;
  timed_out: number;
  /** Percentage 0–100, two decimals (0 when there are no runs). */
  success_rate: number;
}

/** Min/max/avg/count of one metric. */
export interface PerformanceStats {
  metric_name: string;
  count: number;
  min: number | null;
  max: number | null;
  avg: number | null;
}

/**
 * A time window: runs whose `start_time` is at or after local `now` minus `days` days.
 * `now` is a Date or a naive local ISO string; it defaults to the current time.
 */
export interface TimeWindow {
  days?: number;
  now?: Date | string;
}

/** A run to write: one attempt with its metrics (and alerts, rarely). */
export interface NewExecution {
  script_path: string;
  /** Stored as a JSON array; null or absent stores `[]`. */
  script_args?: string[] | null;
  start_time: string;
  end_time: string;
  execution_time_seconds: number;
  exit_code: number;
  success: boolean;
  attempt_number?: number;
  timeout_seconds?: number | null;
  timed_out?: boolean;
  stdout_lines?: number | null;
  stderr_lines?: number | null;
  python_version?: string | null;
  platform?: string | null;
  /** SQLite UTC `YYYY-MM-DD HH:MM:SS`; defaults to CURRENT_TIMESTAMP (the demo sets it). */
  created_at?: string;
  metrics: Record<string, number>;
  alerts?: Array<{ alert_name: string; severity: string; condition: string }>;
  /**
   * Makes retries safe: a second run with the same key is not written again (see
   * `HistoryWriterLike`). 1–200 characters; not a column of runner.py's schema.
   */
  idempotency_key?: string;
}
