import type { ExportQuery, ExportRow } from '../HistoryStore.js';
import { executionWhere } from './executionFilter.js';
import { EXECUTION_COLUMNS, toExecutionRow } from './rowMapping.js';
import type { SqliteConnection } from './SqliteConnection.js';

/**
 * Executions per page of an export: small enough that one page (its metrics included) is
 * read in ~10 ms, so other requests on the event loop never wait long for it.
 */
const PAGE_SIZE = 200;

/**
 * Streams executions oldest first (start_time, id) with their metrics, one short read
 * transaction per page, continuing after the last row seen (keyset paging) so rows
 * committed meanwhile neither repeat nor shift pages.
 */
export async function* exportRows(conn: SqliteConnection, query: ExportQuery = {}): AsyncGenerator<ExportRow> {
  const { sql: where, params } = executionWhere(query);
  const after = `${where ? `${where} AND` : 'WHERE'} (e.start_time > @afterTime OR (e.start_time = @afterTime AND e.id > @afterId))`;
  const pageSql = `SELECT ${EXECUTION_COLUMNS} FROM executions e ${after} ORDER BY e.start_time, e.id LIMIT ${PAGE_SIZE}`;
  const metricSql =
    'SELECT execution_id, metric_name, metric_value FROM metrics WHERE execution_id IN (SELECT value FROM json_each(@ids))' +
    (query.metricName === undefined ? '' : ' AND metric_name = @metricName') +
    ' ORDER BY id';
  let afterTime = '';
  let afterId = -1;
  for (;;) {
    const page = await conn.read(() => {
      const rows = (
        conn.statement(pageSql).all({ ...params, afterTime, afterId }) as Array<Record<string, unknown>>
      ).map(toExecutionRow);
      const metrics = new Map<number, Record<string, number>>(rows.map((r) => [r.id, {}]));
      if (rows.length) {
        const metricRows = conn
          .statement(metricSql)
          .raw()
          .all({
            ids: JSON.stringify(rows.map((r) => r.id)),
            ...(query.metricName === undefined ? {} : { metricName: query.metricName }),
          }) as Array<[number, string, number]>;
        for (const [id, name, value] of metricRows) metrics.get(id)![name] = value;
      }
      return rows.map((execution) => ({ execution, metrics: metrics.get(execution.id)! }));
    });
    for (const row of page) yield row;
    if (page.length < PAGE_SIZE) return;
    const last = page[page.length - 1]!.execution;
    afterTime = last.start_time;
    afterId = last.id;
    // Let other requests run between pages.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
