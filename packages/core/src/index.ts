/**
 * @runner-dash/core — the public API. Everything another package may use is exported
 * here and nowhere else.
 */
export type * from './types.js';
export { HistoryError, isHistoryError, type HistoryErrorCode } from './errors.js';
export type * from './store/HistoryStore.js';
export { openHistory, type OpenHistoryOptions } from './store/openHistory.js';
export { version } from './version.js';
export type * from './live/LiveMessage.js';
export { generateDemoHistory, type GenerateDemoOptions, type DemoSummary } from './demo/generateDemoHistory.js';
export {
  ensureDemoDatabase,
  defaultDemoCacheDir,
  type EnsureDemoOptions,
  type DemoDatabase,
} from './demo/ensureDemoDatabase.js';
export type { DemoOptions } from './demo/planDemoRuns.js';
export {
  DEMO_STEP_SCRIPT,
  DEMO_STEP_AT,
  DEMO_STEP_FACTOR,
  DEMO_DRIFT_SCRIPT,
  DEMO_FASTER_SCRIPT,
} from './demo/demoScripts.js';
export { exportCsv, CSV_EXECUTION_COLUMNS, CSV_LONG_COLUMNS, type CsvExportOptions } from './export/exportCsv.js';
export { roundTo, formatFixed } from './analytics/roundTo.js';
export { aggregate } from './analytics/aggregate.js';
export { linearRegression, type LinearRegressionResult, type TrendDirection } from './analytics/linearRegression.js';
export {
  detectAnomalies,
  type Anomaly,
  type AnomalyMethod,
  type AnomalyOptions,
  type AnomalyResult,
} from './analytics/detectAnomalies.js';
export {
  detectRegression,
  type RegressionOptions,
  type RegressionResult,
  type RegressionComparison,
  type RegressionInsufficient,
} from './analytics/detectRegression.js';
export { percentiles, type PercentileResult } from './analytics/percentiles.js';
export {
  baseline,
  type BaselineMethod,
  type BaselineOptions,
  type BaselineResult,
  type PercentileBaseline,
  type IqrBaseline,
  type MeanFallbackBaseline,
  type BaselineError,
  type DataCharacteristics,
} from './analytics/baseline.js';
export { HistoryWriter, type HistoryWriterOptions } from './store/HistoryWriter.js';
export type {
  HistoryWriterLike,
  RecordManyOptions,
  RecordManyResult,
  RecordOutcome,
  RowCounts,
  PruneResult,
} from './store/HistoryWriterLike.js';
export { openHistoryWriter, type OpenHistoryWriterOptions } from './store/openHistoryWriter.js';
export { isPostgresUrl, redactPostgresUrl } from './store/postgres/postgresUrl.js';
export { recordRun, type RecordRunOptions, type RecordRunResult, type RecordedAttempt } from './recorder/recordRun.js';
export { DEFAULT_HISTORY_FILE } from './recorder/defaultHistoryFile.js';
export {
  measureRecorderOverhead,
  type OverheadOptions,
  type OverheadMeasurement,
} from './recorder/measureRecorderOverhead.js';
export type { AttemptOutcome } from './recorder/runAttempt.js';
export type { OutputCount } from './recorder/relayOutput.js';
export type { ResourceSummary } from './recorder/ResourceSampler.js';
export { aggregateMetrics } from './analysis/aggregateMetrics.js';
export {
  analyzeTrend,
  type TrendQuery,
  type TrendAnalysis,
  type TrendAnalysisResult,
  type TrendAnalysisEmpty,
} from './analysis/analyzeTrend.js';
export { locateChangePoints, type LocatedChangePoint } from './analysis/locateChangePoints.js';
export {
  timeBasedBaseline,
  type TimeBasedBaselineQuery,
  type TimeBasedBaseline,
  type TimeBasedBaselineEmpty,
} from './analysis/timeBasedBaseline.js';
export { computeBaseline, type BaselineQuery, type BaselineAnalysis } from './analysis/computeBaseline.js';
export { findRegressions, type RegressionsQuery, type ScriptRegressions } from './analysis/findRegressions.js';
export {
  detectChangePoints,
  type ChangePoint,
  type ChangePointOptions,
  type ChangePointSegment,
} from './analytics/detectChangePoints.js';
export {
  collectRunMetrics,
  DEFAULT_DURATION_BUCKETS,
  OTHER_SCRIPTS,
  type RunMetricsOptions,
  type RunMetricsSnapshot,
  type ScriptRunMetrics,
} from './analysis/collectRunMetrics.js';
export {
  prometheusText,
  escapeLabelValue,
  formatSampleValue,
  PROMETHEUS_CONTENT_TYPE,
} from './export/prometheusText.js';
export { inProcessAnalyses, type HistoryAnalyses } from './analysis/HistoryAnalyses.js';
export { HistoryWorkerPool, type HistoryWorkerPoolOptions } from './worker/HistoryWorkerPool.js';
export { AnalysisMemo, type AnalysisMemoOptions } from './worker/AnalysisMemo.js';
export type { AnalysisTask, AnalysisRequest, TaskQuery, TaskResult } from './worker/analysisTasks.js';
export { parseNewExecution } from './store/parseNewExecution.js';
export {
  RemoteHistoryWriter,
  normalizeServerUrl,
  withIdempotencyKey,
  type RemoteWriterOptions,
} from './store/remote/RemoteHistoryWriter.js';
export { RemoteWriteError } from './store/remote/RemoteWriteError.js';
export { RunSpool, defaultSpoolDir, type SpooledRun, type RejectedRun } from './store/remote/RunSpool.js';
export { flushSpool, type FlushResult } from './store/remote/flushSpool.js';
export { SpoolingHistoryWriter, RunSpooledError } from './store/remote/SpoolingHistoryWriter.js';
export { migrateHistory, type MigrateOptions, type MigrateResult } from './store/migrateHistory.js';
export { SeededRandom } from './demo/SeededRandom.js';
