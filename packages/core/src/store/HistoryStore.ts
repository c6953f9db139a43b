import type {
  DatabaseStats,
  ExecutionDetail,
  ExecutionStatistics,
  ExecutionSummary,
  ExecutionRow,
  MetricPoint,
  PerformanceStats,
  ScriptSummary,
  TimeWindow,
} from '../types.js';

/** Filters and paging of {@link HistoryStore.listExecutions}. */
export interface ExecutionQuery extends TimeWindow {
  scriptPath?: string;
  exitCode?: number;
  /** true: only successes; false: only failures. */
  success?: boolean;
  /** 1–10000, default 50. */
  limit?: number;
  /** ≥ 0, default 0. */
  offset?: number;
}

/** A page of executions plus the total number that match the filters. */
export interface ExecutionPage {
  rows: ExecutionSummary[];
  total: number;
}

/** Which metric values to fetch: a window of days, or the latest N runs, or both. */
export interface MetricQuery extends TimeWindow {
  scriptPath?: string;
  /** One metric name; all metrics when absent. */
  metricName?: string;
  /** Only the latest `latest` runs (by start_time) that match. */
  latest?: number;
}

/** One metric's series for one script, oldest first. */
export interface SeriesQuery extends TimeWindow {
  scriptPath?: string;
  metricName: string;
  /** At most this many points: the newest ones, still returned oldest first. */
  limit?: number;
}

/** Opaque position in the history, for {@link HistoryStore.pollChanges}. */
export interface ChangeCursor {
  dataVersion: number;
  maxExecutionId: number;
  /** Which opening of the file the data version belongs to (a store that reopens its file). */
  connection?: number;
  /** `start_time` of run `maxExecutionId`: when that run is no longer the same, the history was replaced. */
  anchor?: string;
}

/** The answer of {@link HistoryStore.pollChanges}. */
export interface ChangeSet {
  cursor: ChangeCursor;
  /** Anything committed since the previous cursor (new runs, deletions, metric rows…). */
  changed: boolean;
  /** Executions with an id above the previous cursor's, oldest first. */
  executions: ExecutionSummary[];
  /**
   * True when the history is no longer the one the cursor came from (the file was replaced,
   * or its newest runs were deleted): everything derived from it is stale, and `executions`
   * is empty because the new history's ids say nothing about what is new.
   */
  reset?: boolean;
}

/** Filters of {@link HistoryStore.exportRows}. */
export interface ExportQuery extends TimeWindow {
  scriptPath?: string;
  metricName?: string;
}

/** One execution with its metrics, as exported. */
export interface ExportRow {
  execution: ExecutionRow;
  metrics: Record<string, number>;
}

/**
 * Every question runner-dash asks of a history. Asynchronous throughout so that a
 * PostgreSQL store can stand behind the same interface; the SQLite store never blocks
 * the event loop for long (short busy timeout, asynchronous retry).
 *
 * Errors: a {@link HistoryError} with a code and a message for people.
 */
export interface HistoryStore {
  /** Where the history lives (file path or URL without password). */
  readonly location: string;
  readonly readonly: boolean;

  /** Every script with run counts, newest last run first. */
  listScripts(): Promise<ScriptSummary[]>;
  /** Executions newest first by `created_at` (then id), with the total matching count. */
  listExecutions(query?: ExecutionQuery): Promise<ExecutionPage>;
  /** One execution with all its metrics and alerts; undefined when absent. */
  getExecution(id: number): Promise<ExecutionDetail | undefined>;
  /** One metric's series (oldest first by start_time). */
  metricSeries(query: SeriesQuery): Promise<MetricPoint[]>;
  /** Values per metric name, each list in run order (oldest first). */
  metricValues(query?: MetricQuery): Promise<Map<string, number[]>>;
  /** Distinct metric names, sorted. */
  availableMetrics(): Promise<string[]>;
  /** Every distinct script path, sorted. */
  scriptPaths(): Promise<string[]>;
  databaseStats(): Promise<DatabaseStats>;
  executionStatistics(query?: TimeWindow & { scriptPath?: string }): Promise<ExecutionStatistics>;
  performanceStats(query: TimeWindow & { metricName: string; scriptPath?: string }): Promise<PerformanceStats>;
  /** Streams executions oldest first with their metrics, without holding them all in memory. */
  exportRows(query?: ExportQuery): AsyncIterable<ExportRow>;
  /** Cheap "has anything been committed since `since`, and which runs are new". */
  pollChanges(since?: ChangeCursor): Promise<ChangeSet>;
  /**
   * Per script over the whole history: runs by outcome, a cumulative duration histogram
   * and the newest run; most recently run first. One grouped pass over `executions`
   * (never the metrics table).
   */
  runSummaries(query: RunSummaryQuery): Promise<ScriptRunSummary[]>;
  close(): Promise<void>;
}

/** Options of {@link HistoryStore.runSummaries}. */
export interface RunSummaryQuery {
  /**
   * Upper bounds (inclusive, seconds, ascending, finite) of the duration histogram's
   * buckets; the implied `+Inf` bucket is every run.
   */
  bucketBounds: readonly number[];
}

/** One script's whole history in counts: what a Prometheus exposition needs, in one query. */
export interface ScriptRunSummary {
  script_path: string;
  /** Runs that succeeded (and did not time out). */
  successes: number;
  /** Runs that failed without timing out. */
  failures: number;
  timeouts: number;
  /** Sum of `execution_time_seconds` over every run. */
  duration_sum: number;
  /** `bucket_counts[i]`: runs with `execution_time_seconds <= bucketBounds[i]` (cumulative). */
  bucket_counts: number[];
  /** `start_time` of the newest run. */
  last_start_time: string;
  /** `execution_time_seconds` of that newest run. */
  last_duration_seconds: number;
}
