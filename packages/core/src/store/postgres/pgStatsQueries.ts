import type { DatabaseStats, ExecutionStatistics, PerformanceStats, TimeWindow } from '../../types.js';
import { toExecutionStatistics } from '../aggregateRows.js';
import { round2 } from '../sqlite/rowMapping.js';
import { pgExecutionWhere } from './pgExecutionWhere.js';
import { pgScriptPaths } from './pgScriptQueries.js';
import type { PostgresConnection } from './PostgresConnection.js';

const EXECUTION_TOTALS = `
  SELECT COUNT(*) AS total_executions, COALESCE(SUM(execution_time_seconds), 0) AS total_execution_time_seconds,
         MIN(start_time) AS oldest_execution, MAX(start_time) AS newest_execution
  FROM executions`;
const METRIC_COUNT = 'SELECT COUNT(*) AS n FROM metrics';
const ALERT_COUNT = 'SELECT COUNT(*) AS n FROM alerts';
// What the history occupies on disk, indexes and TOAST included: the PostgreSQL analogue
// of the SQLite file's size.
const HISTORY_SIZE = `
  SELECT COALESCE(SUM(pg_total_relation_size(to_regclass(t))), 0) AS bytes
  FROM unnest(ARRAY['executions', 'metrics', 'alerts', 'ingest_keys']) AS t`;

/** Counts and size of the whole history. */
export async function pgDatabaseStats(conn: PostgresConnection): Promise<DatabaseStats> {
  const [totals, metrics, alerts, paths, size] = await Promise.all([
    conn.row<{
      total_executions: number;
      total_execution_time_seconds: number;
      oldest_execution: string | null;
      newest_execution: string | null;
    }>(EXECUTION_TOTALS),
    conn.row<{ n: number }>(METRIC_COUNT),
    conn.row<{ n: number }>(ALERT_COUNT),
    pgScriptPaths(conn),
    conn.row<{ bytes: number }>(HISTORY_SIZE),
  ]);
  return {
    total_executions: totals!.total_executions,
    total_metrics: metrics!.n,
    total_alerts: alerts!.n,
    unique_scripts: paths.length,
    total_execution_time_seconds: round2(totals!.total_execution_time_seconds),
    database_file: conn.location,
    database_size_mb: round2(size!.bytes / (1024 * 1024)),
    oldest_execution: totals!.oldest_execution,
    newest_execution: totals!.newest_execution,
  };
}

/** Success, failure and timeout counts over a window. */
export async function pgExecutionStatistics(
  conn: PostgresConnection,
  query: TimeWindow & { scriptPath?: string } = {},
): Promise<ExecutionStatistics> {
  const params: unknown[] = [];
  const where = pgExecutionWhere(query, params);
  const r = (await conn.row<{ total: number; ok: number; timed_out: number }>(
    `SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN e.success THEN 1 ELSE 0 END), 0) AS ok,
            COALESCE(SUM(CASE WHEN e.timed_out THEN 1 ELSE 0 END), 0) AS timed_out
     FROM executions e ${where}`,
    params,
  ))!;
  return toExecutionStatistics(r);
}

/** Count, min, max and mean of one metric over a window. */
export async function pgPerformanceStats(
  conn: PostgresConnection,
  query: TimeWindow & { metricName: string; scriptPath?: string },
): Promise<PerformanceStats> {
  const params: unknown[] = [query.metricName];
  const where = pgExecutionWhere(query, params);
  const r = (await conn.row<Omit<PerformanceStats, 'metric_name'>>(
    `SELECT COUNT(m.metric_value) AS count, MIN(m.metric_value) AS min, MAX(m.metric_value) AS max, AVG(m.metric_value) AS avg
     FROM executions e JOIN metrics m ON m.execution_id = e.id AND m.metric_name = $1 ${where}`,
    params,
  ))!;
  return { metric_name: query.metricName, ...r };
}
