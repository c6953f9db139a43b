import type { AlertRow, ExecutionDetail } from '../../types.js';
import type { ExecutionPage, ExecutionQuery } from '../HistoryStore.js';
import { executionWhere } from './executionFilter.js';
import { EXECUTION_COLUMNS, SUMMARY_COLUMNS, toExecutionRow, toExecutionSummary } from './rowMapping.js';
import type { SqliteConnection } from './SqliteConnection.js';

/** A page of executions, newest first by created_at (then id), and the total that match. */
export function listExecutions(conn: SqliteConnection, query: ExecutionQuery = {}): ExecutionPage {
  const { sql: where, params } = executionWhere(query);
  const limit = Math.max(0, Math.trunc(query.limit ?? 50));
  const offset = Math.max(0, Math.trunc(query.offset ?? 0));
  const rows = conn
    .statement(
      `SELECT ${SUMMARY_COLUMNS} FROM executions e ${where} ORDER BY e.created_at DESC, e.id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit, offset }) as Array<Record<string, unknown>>;
  const total = conn.statement(`SELECT COUNT(*) FROM executions e ${where}`).pluck().get(params) as number;
  return { rows: rows.map(toExecutionSummary), total };
}

const GET_EXECUTION = `SELECT ${EXECUTION_COLUMNS} FROM executions WHERE id = ?`;
const GET_METRICS = 'SELECT metric_name, metric_value FROM metrics WHERE execution_id = ? ORDER BY id';
const GET_ALERTS =
  'SELECT id, execution_id, alert_name, severity, condition, triggered_at FROM alerts WHERE execution_id = ? ORDER BY id';

/** One execution with all its metrics and alerts, or undefined. */
export function getExecution(conn: SqliteConnection, id: number, hasAlerts: boolean): ExecutionDetail | undefined {
  const row = conn.statement(GET_EXECUTION).get(id) as Record<string, unknown> | undefined;
  if (!row) return undefined;
  const metrics: Record<string, number> = {};
  for (const [name, value] of conn.statement(GET_METRICS).raw().all(id) as Array<[string, number]>)
    metrics[name] = value;
  const alerts = hasAlerts ? (conn.statement(GET_ALERTS).all(id) as AlertRow[]) : [];
  return { ...toExecutionRow(row), metrics, alerts };
}
