import type { ChangeCursor, ChangeSet } from '../HistoryStore.js';
import { SUMMARY_COLUMNS, toExecutionSummary } from './rowMapping.js';
import type { SqliteConnection } from './SqliteConnection.js';

const MAX_ID = 'SELECT COALESCE(MAX(id), 0) FROM executions';
// Bounded so that a burst of thousands of runs is delivered over several polls, never as
// one giant read.
const NEW_EXECUTIONS = `SELECT ${SUMMARY_COLUMNS} FROM executions WHERE id > ? ORDER BY id LIMIT 1000`;

/**
 * "Has anything been committed since `since`, and which runs are new?" `PRAGMA
 * data_version` changes whenever another connection commits, so an idle history costs
 * one pragma per poll; only when it moved do we look for new execution ids.
 */
export function pollChanges(conn: SqliteConnection, since?: ChangeCursor): ChangeSet {
  const dataVersion = conn.db.pragma('data_version', { simple: true }) as number;
  if (since && since.dataVersion === dataVersion) return { cursor: since, changed: false, executions: [] };
  if (!since) {
    const maxExecutionId = conn.statement(MAX_ID).pluck().get() as number;
    return { cursor: { dataVersion, maxExecutionId }, changed: false, executions: [] };
  }
  const rows = (conn.statement(NEW_EXECUTIONS).all(since.maxExecutionId) as Array<Record<string, unknown>>).map(
    toExecutionSummary,
  );
  const maxExecutionId = rows.length ? rows[rows.length - 1]!.id : since.maxExecutionId;
  // When the batch was cut at its bound, keep the old data_version so the next poll reads on.
  const cursor = { dataVersion: rows.length === 1000 ? since.dataVersion : dataVersion, maxExecutionId };
  return { cursor, changed: true, executions: rows };
}
