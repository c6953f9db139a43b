import type {
  DatabaseStats,
  ExecutionDetail,
  ExecutionStatistics,
  MetricPoint,
  PerformanceStats,
  ScriptSummary,
  TimeWindow,
} from '../../types.js';
import type {
  ChangeCursor,
  ChangeSet,
  ExecutionPage,
  ExecutionQuery,
  ExportQuery,
  ExportRow,
  HistoryStore,
  MetricQuery,
  RunSummaryQuery,
  ScriptRunSummary,
  SeriesQuery,
} from '../HistoryStore.js';
import { pollChanges } from './changeQueries.js';
import { getExecution, listExecutions } from './executionQueries.js';
import { exportRows } from './exportQueries.js';
import { availableMetrics, metricSeries, metricValues } from './metricQueries.js';
import { runSummaries } from './runSummaryQueries.js';
import { listScripts, scriptPaths } from './scriptQueries.js';
import type { SqliteConnection } from './SqliteConnection.js';
import { databaseStats, executionStatistics, performanceStats } from './statsQueries.js';

const HAS_ALERTS = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alerts'";

/** {@link HistoryStore} over one SQLite file (better-sqlite3); every read is one short transaction. */
export class SqliteHistoryStore implements HistoryStore {
  readonly location: string;

  constructor(
    private readonly conn: SqliteConnection,
    readonly readonly: boolean,
  ) {
    this.location = conn.path;
  }

  // Older or trimmed histories may lack the alerts table; it is optional (design.md §2).
  private hasAlerts(): boolean {
    return this.conn.statement(HAS_ALERTS).get() !== undefined;
  }

  listScripts(): Promise<ScriptSummary[]> {
    return this.conn.read(() => listScripts(this.conn));
  }
  listExecutions(query?: ExecutionQuery): Promise<ExecutionPage> {
    return this.conn.read(() => listExecutions(this.conn, query));
  }
  getExecution(id: number): Promise<ExecutionDetail | undefined> {
    return this.conn.read(() => getExecution(this.conn, id, this.hasAlerts()));
  }
  metricSeries(query: SeriesQuery): Promise<MetricPoint[]> {
    return this.conn.read(() => metricSeries(this.conn, query));
  }
  metricValues(query?: MetricQuery): Promise<Map<string, number[]>> {
    return this.conn.read(() => metricValues(this.conn, query));
  }
  availableMetrics(): Promise<string[]> {
    return this.conn.read(() => availableMetrics(this.conn));
  }
  scriptPaths(): Promise<string[]> {
    return this.conn.read(() => scriptPaths(this.conn));
  }
  databaseStats(): Promise<DatabaseStats> {
    return this.conn.read(() => databaseStats(this.conn, this.hasAlerts()));
  }
  executionStatistics(query?: TimeWindow & { scriptPath?: string }): Promise<ExecutionStatistics> {
    return this.conn.read(() => executionStatistics(this.conn, query));
  }
  performanceStats(query: TimeWindow & { metricName: string; scriptPath?: string }): Promise<PerformanceStats> {
    return this.conn.read(() => performanceStats(this.conn, query));
  }
  exportRows(query?: ExportQuery): AsyncIterable<ExportRow> {
    return exportRows(this.conn, query);
  }
  pollChanges(since?: ChangeCursor): Promise<ChangeSet> {
    return this.conn.read(() => pollChanges(this.conn, since));
  }
  runSummaries(query: RunSummaryQuery): Promise<ScriptRunSummary[]> {
    return this.conn.read(() => runSummaries(this.conn, query));
  }
  async close(): Promise<void> {
    this.conn.close();
  }
}
