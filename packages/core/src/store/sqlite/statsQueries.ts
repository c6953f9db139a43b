import { statSync } from 'node:fs';
import type { DatabaseStats, ExecutionStatistics, PerformanceStats, TimeWindow } from '../../types.js';
import { toExecutionStatistics } from '../aggregateRows.js';
import { executionWhere } from './executionFilter.js';
import { round2 } from './rowMapping.js';
import { scriptPaths } from './scriptQueries.js';
import type { SqliteConnection } from './SqliteConnection.js';

const EXECUTION_TOTALS = `
  SELECT COUNT(*) AS total_executions, COALESCE(SUM(execution_time_seconds), 0) AS total_execution_time_seconds,
         MIN(start_time) AS oldest_execution, MAX(start_time) AS newest_execution
  FROM executions`;
const METRIC_COUNT = 'SELECT COUNT(*) FROM metrics';
const ALERT_COUNT = 'SELECT COUNT(*) FROM alerts';
function fileSize(path: string): number {
  let size = 0;
  for (const suffix of ['', '-wal']) {
    try {
      size += statSync(path + suffix).size;
    } catch {
      // no WAL file: the database is in rollback-journal mode
    }
  }
  return size;
}

/** Counts and size of the whole database. */
export function databaseStats(conn: SqliteConnection, hasAlerts: boolean): DatabaseStats {
  const totals = conn.statement(EXECUTION_TOTALS).get() as {
    total_executions: number;
    total_execution_time_seconds: number;
    oldest_execution: string | null;
    newest_execution: string | null;
  };
  return {
    total_executions: totals.total_executions,
    total_metrics: conn.statement(METRIC_COUNT).pluck().get() as number,
    total_alerts: hasAlerts ? (conn.statement(ALERT_COUNT).pluck().get() as number) : 0,
    unique_scripts: scriptPaths(conn).length,
    total_execution_time_seconds: round2(totals.total_execution_time_seconds),
    database_file: conn.path,
    database_size_mb: round2(fileSize(conn.path) / (1024 * 1024)),
    oldest_execution: totals.oldest_execution,
    newest_execution: totals.newest_execution,
  };
}

/** Success, failure and timeout counts over a window. */
export function executionStatistics(
  conn: SqliteConnection,
  query: TimeWindow & { scriptPath?: string } = {},
): ExecutionStatistics {
  const { sql: where, params } = executionWhere(query);
  const r = conn
    .statement(
      `SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN e.success THEN 1 ELSE 0 END), 0) AS ok,
              COALESCE(SUM(CASE WHEN e.timed_out THEN 1 ELSE 0 END), 0) AS timed_out
       FROM executions e ${where}`,
    )
    .get(params) as { total: number; ok: number; timed_out: number };
  return toExecutionStatistics(r);
}

/** Count, min, max and mean of one metric over a window. */
export function performanceStats(
  conn: SqliteConnection,
  query: TimeWindow & { metricName: string; scriptPath?: string },
): PerformanceStats {
  const { sql: where, params } = executionWhere(query);
  const r = conn
    .statement(
      `SELECT COUNT(m.metric_value) AS count, MIN(m.metric_value) AS min, MAX(m.metric_value) AS max, AVG(m.metric_value) AS avg
       FROM executions e JOIN metrics m ON m.execution_id = e.id AND m.metric_name = @metricName ${where}`,
    )
    .get({ ...params, metricName: query.metricName }) as Omit<PerformanceStats, 'metric_name'>;
  return { metric_name: query.metricName, ...r };
}
