import type { AlertRow, ExecutionDetail } from '../../types.js';
import type { ExecutionPage, ExecutionQuery } from '../HistoryStore.js';
import { EXECUTION_COLUMNS, SUMMARY_COLUMNS, toExecutionRow, toExecutionSummary } from '../sqlite/rowMapping.js';
import { pgExecutionWhere } from './pgExecutionWhere.js';
import type { PostgresConnection } from './PostgresConnection.js';

/** A page of executions, newest first by created_at (then id), and the total that match. */
export async function pgListExecutions(conn: PostgresConnection, query: ExecutionQuery = {}): Promise<ExecutionPage> {
  const params: unknown[] = [];
  const where = pgExecutionWhere(query, params);
  const limit = Math.max(0, Math.trunc(query.limit ?? 50));
  const offset = Math.max(0, Math.trunc(query.offset ?? 0));
  const n = params.length;
  // Page and count are independent reads; the pool runs them side by side.
  const [rows, count] = await Promise.all([
    conn.rows(
      `SELECT ${SUMMARY_COLUMNS} FROM executions e ${where} ORDER BY e.created_at DESC, e.id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...params, limit, offset],
    ),
    conn.row<{ total: number }>(`SELECT COUNT(*) AS total FROM executions e ${where}`, params),
  ]);
  return { rows: rows.map(toExecutionSummary), total: count?.total ?? 0 };
}

const GET_EXECUTION = `SELECT ${EXECUTION_COLUMNS} FROM executions WHERE id = $1`;
const GET_METRICS = 'SELECT metric_name, metric_value FROM metrics WHERE execution_id = $1 ORDER BY id';
const GET_ALERTS =
  'SELECT id, execution_id, alert_name, severity, condition, triggered_at FROM alerts WHERE execution_id = $1 ORDER BY id';

/** One execution with all its metrics and alerts, or undefined. */
export async function pgGetExecution(conn: PostgresConnection, id: number): Promise<ExecutionDetail | undefined> {
  // An id PostgreSQL's BIGINT cannot hold is simply absent (SQLite answers the same).
  if (!Number.isSafeInteger(id)) return undefined;
  const [row, metricRows, alerts] = await Promise.all([
    conn.row(GET_EXECUTION, [id]),
    conn.rows<{ metric_name: string; metric_value: number }>(GET_METRICS, [id]),
    conn.rows<AlertRow>(GET_ALERTS, [id]),
  ]);
  if (!row) return undefined;
  const metrics: Record<string, number> = {};
  for (const m of metricRows) metrics[m.metric_name] = m.metric_value;
  return { ...toExecutionRow(row), metrics, alerts };
}
