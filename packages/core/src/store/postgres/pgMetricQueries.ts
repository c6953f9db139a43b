import type { MetricPoint } from '../../types.js';
import type { MetricQuery, SeriesQuery } from '../HistoryStore.js';
import { pgExecutionWhere } from './pgExecutionWhere.js';
import type { PostgresConnection } from './PostgresConnection.js';

/** One metric's series: the newest `limit` points in the window, returned oldest first. */
export async function pgMetricSeries(conn: PostgresConnection, query: SeriesQuery): Promise<MetricPoint[]> {
  const params: unknown[] = [query.metricName];
  const where = pgExecutionWhere(query, params);
  // LIMIT NULL is "no limit" in PostgreSQL, as LIMIT -1 is in SQLite.
  const limit = query.limit === undefined ? null : Math.max(0, Math.trunc(query.limit));
  const rows = await conn.rows<MetricPoint>(
    `SELECT e.id AS execution_id, e.start_time AS timestamp, m.metric_value AS value
     FROM executions e JOIN metrics m ON m.execution_id = e.id AND m.metric_name = $1
     ${where}
     ORDER BY e.start_time DESC, e.id DESC LIMIT $${params.length + 1}`,
    [...params, limit],
  );
  return rows.reverse();
}

/**
 * Values per metric name, each list in run order. With `latest`, only the latest N
 * matching runs count (by start_time).
 */
export async function pgMetricValues(
  conn: PostgresConnection,
  query: MetricQuery = {},
): Promise<Map<string, number[]>> {
  const params: unknown[] = [];
  const where = pgExecutionWhere(query, params);
  const source =
    query.latest === undefined
      ? 'executions e'
      : `(SELECT * FROM executions e ${where} ORDER BY e.start_time DESC, e.id DESC LIMIT $${params.push(Math.max(0, Math.trunc(query.latest)))}) e`;
  const nameClause = query.metricName === undefined ? '' : `AND m.metric_name = $${params.push(query.metricName)}`;
  const rows = await conn.rows<{ metric_name: string; metric_value: number }>(
    `SELECT m.metric_name, m.metric_value FROM ${source}
     JOIN metrics m ON m.execution_id = e.id ${nameClause}
     ${query.latest === undefined ? where : ''}
     ORDER BY e.start_time, e.id`,
    params,
  );
  const byName = new Map<string, number[]>();
  for (const { metric_name: name, metric_value: value } of rows) {
    let list = byName.get(name);
    if (!list) byName.set(name, (list = []));
    list.push(value);
  }
  return byName;
}

// Loose index scan over idx_metric_name: one probe per distinct name rather than a read
// of every metric row (a million on a busy history).
const AVAILABLE_METRICS = `
  WITH RECURSIVE n(v) AS (
    (SELECT metric_name FROM metrics ORDER BY metric_name LIMIT 1)
    UNION ALL
    SELECT (SELECT metric_name FROM metrics WHERE metric_name > n.v ORDER BY metric_name LIMIT 1)
    FROM n WHERE n.v IS NOT NULL
  ) SELECT v FROM n WHERE v IS NOT NULL`;

/** Distinct metric names, sorted (byte order, as SQLite). */
export async function pgAvailableMetrics(conn: PostgresConnection): Promise<string[]> {
  return (await conn.rows<{ v: string }>(AVAILABLE_METRICS)).map((r) => r.v);
}
