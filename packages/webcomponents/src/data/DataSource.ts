import type {
  AggregatedByMetric,
  BaselineJson,
  DatabaseStats,
  ExecutionDetail,
  ExecutionStatistics,
  ExecutionSummary,
  LiveEvent,
  MetricHistory,
  ScriptSummary,
  TrendAnalysis,
} from './apiTypes.js';

/** The filters every view shares: one script (or all), one metric, a window of days. */
export interface Filters {
  /** Empty or absent: every script. */
  script?: string;
  metric?: string;
  days?: number;
}

/** A page of executions and how many match in total (`X-Total-Count`). */
export interface ExecutionsResult {
  rows: ExecutionSummary[];
  total: number;
}

/** Query of {@link DataSource.executions}. */
export interface ExecutionsQuery {
  script?: string;
  exitCode?: number;
  limit?: number;
  offset?: number;
}

/** A file produced by {@link DataSource.exportCsv}. */
export interface ExportedFile {
  filename: string;
  blob: Blob;
}

/**
 * Where the elements get their data. Elements never call `fetch`: the dashboard page uses
 * {@link HttpDataSource} (REST + WebSocket), the VS Code webview a postMessage
 * implementation answering the same questions from the extension host.
 *
 * Every method rejects with a {@link DataSourceError} whose message is meant for people.
 */
export interface DataSource {
  scripts(): Promise<ScriptSummary[]>;
  executions(query?: ExecutionsQuery): Promise<ExecutionsResult>;
  execution(id: number): Promise<ExecutionDetail>;
  /** One metric's values, oldest first; `limit` keeps the newest points. */
  metricHistory(query: Filters & { limit?: number }): Promise<MetricHistory>;
  /** Aggregated statistics of every metric (or only `metric`) in the window. */
  aggregated(query: Filters): Promise<AggregatedByMetric>;
  availableMetrics(): Promise<string[]>;
  trendAnalysis(query: Filters): Promise<TrendAnalysis>;
  baseline(query: Filters): Promise<BaselineJson>;
  databaseStats(): Promise<DatabaseStats>;
  executionStats(): Promise<ExecutionStatistics>;
  /** The CSV export of the runs matching the filters. */
  exportCsv(query: Filters): Promise<ExportedFile>;
  /**
   * Live updates: feed messages and connection status changes. The first subscriber opens
   * the connection, the last one to unsubscribe closes it. Returns the unsubscribe function.
   */
  subscribe(listener: (event: LiveEvent) => void): () => void;
}
