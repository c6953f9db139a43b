import type { ExportQuery, ExportRow } from '../HistoryStore.js';
import { EXECUTION_COLUMNS, toExecutionRow } from '../sqlite/rowMapping.js';
import { pgExecutionWhere } from './pgExecutionWhere.js';
import type { PostgresConnection } from './PostgresConnection.js';

/** Executions per page of an export: small enough that one page never stalls the server. */
const PAGE_SIZE = 500;

/**
 * Streams executions oldest first (start_time, id) with their metrics, one page per
 * query, continuing after the last row seen (keyset paging) so rows committed meanwhile
 * neither repeat nor shift pages.
 */
export async function* pgExportRows(conn: PostgresConnection, query: ExportQuery = {}): AsyncGenerator<ExportRow> {
  const params: unknown[] = [];
  const where = pgExecutionWhere(query, params);
  const t = params.length + 1;
  const after = `${where ? `${where} AND` : 'WHERE'} (e.start_time > $${t} OR (e.start_time = $${t} AND e.id > $${t + 1}))`;
  const pageSql = `SELECT ${EXECUTION_COLUMNS} FROM executions e ${after} ORDER BY e.start_time, e.id LIMIT ${PAGE_SIZE}`;
  const metricSql =
    'SELECT execution_id, metric_name, metric_value FROM metrics WHERE execution_id = ANY($1::bigint[])' +
    (query.metricName === undefined ? '' : ' AND metric_name = $2') +
    ' ORDER BY id';
  let afterTime = '';
  let afterId = -1;
  for (;;) {
    const rows = (await conn.rows(pageSql, [...params, afterTime, afterId])).map(toExecutionRow);
    const metrics = new Map<number, Record<string, number>>(rows.map((r) => [r.id, {}]));
    if (rows.length) {
      const metricRows = await conn.arrays<[number, string, number]>(
        metricSql,
        query.metricName === undefined ? [rows.map((r) => r.id)] : [rows.map((r) => r.id), query.metricName],
      );
      for (const [id, name, value] of metricRows) metrics.get(id)![name] = value;
    }
    for (const execution of rows) yield { execution, metrics: metrics.get(execution.id)! };
    if (rows.length < PAGE_SIZE) return;
    const last = rows[rows.length - 1]!;
    afterTime = last.start_time;
    afterId = last.id;
  }
}
