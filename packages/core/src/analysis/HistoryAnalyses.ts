import { exportCsv, type CsvExportOptions } from '../export/exportCsv.js';
import type { ExportQuery, HistoryStore, MetricQuery } from '../store/HistoryStore.js';
import type { AggregatedStats, DatabaseStats, ExecutionStatistics, PerformanceStats, TimeWindow } from '../types.js';
import { aggregateMetrics } from './aggregateMetrics.js';
import { analyzeTrend, type TrendAnalysis, type TrendQuery } from './analyzeTrend.js';
import { computeBaseline, type BaselineAnalysis, type BaselineQuery } from './computeBaseline.js';
import { findRegressions, type RegressionsQuery, type ScriptRegressions } from './findRegressions.js';

/**
 * The heavy questions of a history: statistics over many runs, analyses of a series, and
 * the whole-database counts. {@link inProcessAnalyses} answers them on the caller's
 * thread; {@link HistoryWorkerPool} answers the same calls in worker threads, so that a
 * server's event loop never waits for a synchronous SQLite scan of a million rows.
 */
export interface HistoryAnalyses {
  /** Aggregated statistics per metric name (see `aggregateMetrics`). */
  aggregateMetrics(query?: MetricQuery): Promise<Record<string, AggregatedStats>>;
  /** Trend, anomalies, regression, percentiles and change points of one series (see `analyzeTrend`). */
  analyzeTrend(query: TrendQuery): Promise<TrendAnalysis>;
  /** A baseline by the chosen method (see `computeBaseline`). */
  computeBaseline(query: BaselineQuery): Promise<BaselineAnalysis>;
  /** Scripts with a confirmed change of level (see `findRegressions`). */
  findRegressions(query?: RegressionsQuery): Promise<ScriptRegressions[]>;
  /** As {@link HistoryStore.databaseStats}. */
  databaseStats(): Promise<DatabaseStats>;
  /** As {@link HistoryStore.executionStatistics}. */
  executionStatistics(query?: TimeWindow & { scriptPath?: string }): Promise<ExecutionStatistics>;
  /** As {@link HistoryStore.performanceStats}. */
  performanceStats(query: TimeWindow & { metricName: string; scriptPath?: string }): Promise<PerformanceStats>;
  /** The CSV export, chunk by chunk (see `exportCsv`); never kept: it streams. */
  exportCsv(query?: ExportQuery, options?: CsvExportOptions): AsyncIterable<string>;
}

/** {@link HistoryAnalyses} computed on the calling thread, straight over `store`. */
export function inProcessAnalyses(store: HistoryStore): HistoryAnalyses {
  return {
    aggregateMetrics: (query) => aggregateMetrics(store, query),
    analyzeTrend: (query) => analyzeTrend(store, query),
    computeBaseline: (query) => computeBaseline(store, query),
    findRegressions: (query) => findRegressions(store, query),
    databaseStats: () => store.databaseStats(),
    executionStatistics: (query) => store.executionStatistics(query),
    performanceStats: (query) => store.performanceStats(query),
    exportCsv: (query, options) => exportCsv(store, query, options),
  };
}
