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
import { createPgPool } from './createPgPool.js';
import { ensurePostgresHistory } from './ensurePostgresHistory.js';
import { pgGetExecution, pgListExecutions } from './pgExecutionQueries.js';
import { pgExportRows } from './pgExportRows.js';
import { pgAvailableMetrics, pgMetricSeries, pgMetricValues } from './pgMetricQueries.js';
import { pgRunSummaries } from './pgRunSummaries.js';
import { pgListScripts, pgScriptPaths } from './pgScriptQueries.js';
import { pgDatabaseStats, pgExecutionStatistics, pgPerformanceStats } from './pgStatsQueries.js';
import { PostgresChangeFeed } from './PostgresChangeFeed.js';
import { PostgresConnection } from './PostgresConnection.js';
import { redactPostgresUrl } from './postgresUrl.js';
import { toPgHistoryError } from './toPgHistoryError.js';
import { warmPgConnections } from './warmPgConnections.js';

/** Options of {@link PostgresHistoryStore.open}. */
export interface PostgresStoreOptions {
  /** Read-only sessions (default true): PostgreSQL itself refuses any write. */
  readonly?: boolean;
  /** Pooled connections at most (default 8). */
  maxConnections?: number;
}

/**
 * {@link HistoryStore} over a PostgreSQL history (`pg` pool): the same questions, with the
 * same answers for the same rows, as the SQLite store — byte-order text, ties broken by
 * id. Independent reads of one answer run side by side on the pool. Change detection
 * listens for the notifications the schema's triggers send after every commit (see
 * {@link PostgresChangeFeed}), so servers sharing one database all hear every run.
 */
export class PostgresHistoryStore implements HistoryStore {
  readonly location: string;

  private constructor(
    private readonly conn: PostgresConnection,
    private readonly feed: PostgresChangeFeed,
    readonly readonly: boolean,
  ) {
    this.location = conn.location;
  }

  /**
   * Connects to the history at `url`; the tables must exist (`runner-dash db init`).
   * @throws HistoryError `missing`, `not-history`, `unreadable` or `busy` naming the URL (without password).
   */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresHistoryStore> {
    const readonly = options.readonly ?? true;
    const location = redactPostgresUrl(url);
    const pool = createPgPool(url, { max: options.maxConnections ?? 8, readonly });
    const conn = new PostgresConnection(pool, location);
    try {
      await ensurePostgresHistory(pool, location, { create: false });
      // Connections opened and their backends' catalog caches filled now, not on the first
      // requests: a dashboard's first page would otherwise pay for both on top of its queries.
      await warmPgConnections(pool, Math.min(options.maxConnections ?? 8, 4));
      const feed = await PostgresChangeFeed.start(url, conn);
      return new PostgresHistoryStore(conn, feed, readonly);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw toPgHistoryError(err, location);
    }
  }

  listScripts(): Promise<ScriptSummary[]> {
    return pgListScripts(this.conn);
  }
  listExecutions(query?: ExecutionQuery): Promise<ExecutionPage> {
    return pgListExecutions(this.conn, query);
  }
  getExecution(id: number): Promise<ExecutionDetail | undefined> {
    return pgGetExecution(this.conn, id);
  }
  metricSeries(query: SeriesQuery): Promise<MetricPoint[]> {
    return pgMetricSeries(this.conn, query);
  }
  metricValues(query?: MetricQuery): Promise<Map<string, number[]>> {
    return pgMetricValues(this.conn, query);
  }
  availableMetrics(): Promise<string[]> {
    return pgAvailableMetrics(this.conn);
  }
  scriptPaths(): Promise<string[]> {
    return pgScriptPaths(this.conn);
  }
  databaseStats(): Promise<DatabaseStats> {
    return pgDatabaseStats(this.conn);
  }
  executionStatistics(query?: TimeWindow & { scriptPath?: string }): Promise<ExecutionStatistics> {
    return pgExecutionStatistics(this.conn, query);
  }
  performanceStats(query: TimeWindow & { metricName: string; scriptPath?: string }): Promise<PerformanceStats> {
    return pgPerformanceStats(this.conn, query);
  }
  exportRows(query?: ExportQuery): AsyncIterable<ExportRow> {
    return pgExportRows(this.conn, query);
  }
  pollChanges(since?: ChangeCursor): Promise<ChangeSet> {
    return this.feed.poll(since);
  }
  runSummaries(query: RunSummaryQuery): Promise<ScriptRunSummary[]> {
    return pgRunSummaries(this.conn, query);
  }
  async close(): Promise<void> {
    await this.feed.close();
    await this.conn.close();
  }
}
