import type { MetricPoint } from '../../types.js';
import type { MetricQuery, SeriesQuery } from '../HistoryStore.js';
import { executionWhere } from './executionFilter.js';
import type { SqliteConnection } from './SqliteConnection.js';

/**
 * One metric's series: the newest `limit` points in the window, returned oldest first.
 *
 * CROSS JOIN keeps SQLite's join order: the runs that match (by idx_script_date or
 * idx_start_time), then one idx_metric_lookup seek each. Left to itself the planner reads
 * every row of the metric by idx_metric_name and looks up each run — 20–40× slower on a
 * 30,000-run history for the usual "last 7 days" or one script's series.
 */
export function metricSeries(conn: SqliteConnection, query: SeriesQuery): MetricPoint[] {
  const { sql: where, params } = executionWhere(query);
  const limit = query.limit === undefined ? -1 : Math.max(0, Math.trunc(query.limit));
  const rows = conn
    .statement(
      `SELECT e.id AS execution_id, e.start_time AS timestamp, m.metric_value AS value
       FROM executions e CROSS JOIN metrics m ON m.execution_id = e.id AND m.metric_name = @metricName
       ${where}
       ORDER BY e.start_time DESC, e.id DESC LIMIT @limit`,
    )
    .all({ ...params, metricName: query.metricName, limit }) as MetricPoint[];
  return rows.reverse();
}

/**
 * Values per metric name, each list in run order. With `latest`, only the latest N
 * matching runs count (by start_time).
 */
export function metricValues(conn: SqliteConnection, query: MetricQuery = {}): Map<string, number[]> {
  const { sql: where, params } = executionWhere(query);
  const nameClause = query.metricName === undefined ? '' : 'AND m.metric_name = @metricName';
  const source =
    query.latest === undefined
      ? 'executions e'
      : `(SELECT * FROM executions e ${where} ORDER BY e.start_time DESC, e.id DESC LIMIT @latest) e`;
  // Iterated, not .all(): half a million [name, value] rows die young one by one instead
  // of all living at once, which kept a worker's heap (and the server's memory) hundreds of
  // MB larger for good after one aggregate over 30 days of a busy history.
  const rows = conn
    .statement(
      `SELECT m.metric_name, m.metric_value FROM ${source}
       JOIN metrics m ON m.execution_id = e.id ${nameClause}
       ${query.latest === undefined ? where : ''}
       ORDER BY e.start_time, e.id`,
    )
    .raw()
    .iterate({
      ...params,
      ...(query.metricName === undefined ? {} : { metricName: query.metricName }),
      ...(query.latest === undefined ? {} : { latest: Math.max(0, Math.trunc(query.latest)) }),
    }) as IterableIterator<[string, number]>;
  const byName = new Map<string, number[]>();
  for (const [name, value] of rows) {
    let list = byName.get(name);
    if (!list) byName.set(name, (list = []));
    list.push(value);
  }
  return byName;
}

// Skip-scan over idx_metric_name: one seek per distinct name rather than a scan of every
// metric row (a million rows on a busy history).
const AVAILABLE_METRICS = `
  WITH RECURSIVE n(v) AS (
    SELECT MIN(metric_name) FROM metrics
    UNION ALL
    SELECT (SELECT MIN(metric_name) FROM metrics WHERE metric_name > n.v) FROM n WHERE n.v IS NOT NULL
  ) SELECT v FROM n WHERE v IS NOT NULL`;

/** Distinct metric names, sorted. */
export function availableMetrics(conn: SqliteConnection): string[] {
  return conn.statement(AVAILABLE_METRICS).pluck().all() as string[];
}
