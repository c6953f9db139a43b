import type { ChangeCursor, ChangeSet } from '../HistoryStore.js';
import { SUMMARY_COLUMNS, toExecutionSummary } from './rowMapping.js';
import type { SqliteConnection } from './SqliteConnection.js';

const LATEST = 'SELECT id, start_time FROM executions ORDER BY id DESC LIMIT 1';
const START_OF = 'SELECT start_time FROM executions WHERE id = ?';
// Bounded so that a burst of thousands of runs is delivered over several polls, never as
// one giant read.
const NEW_EXECUTIONS = `SELECT ${SUMMARY_COLUMNS} FROM executions WHERE id > ? ORDER BY id LIMIT 1000`;

/**
 * "Has anything been committed since `since`, and which runs are new?" `PRAGMA
 * data_version` changes whenever another connection commits, so an idle history costs
 * one pragma per poll; only when it moved do we look for new execution ids.
 *
 * Before new ids are trusted, the cursor's last run must still be there with the same
 * `start_time`: a file replaced by another history (or with its newest runs deleted)
 * answers `reset` instead of presenting the other history's runs as new ones.
 */
export function pollChanges(conn: SqliteConnection, since?: ChangeCursor): ChangeSet {
  const dataVersion = conn.db.pragma('data_version', { simple: true }) as number;
  const connection = conn.generation;
  // Data versions of different openings of the file cannot be compared.
  const sameOpening = since?.connection === undefined || since.connection === connection;
  if (since && sameOpening && since.dataVersion === dataVersion)
    return { cursor: since, changed: false, executions: [] };
  if (!since || !continues(conn, since)) {
    const latest = conn.statement(LATEST).get() as { id: number; start_time: string } | undefined;
    const cursor: ChangeCursor = {
      dataVersion,
      connection,
      maxExecutionId: latest?.id ?? 0,
      ...(latest ? { anchor: latest.start_time } : {}),
    };
    return since ? { cursor, changed: true, executions: [], reset: true } : { cursor, changed: false, executions: [] };
  }
  const rows = (conn.statement(NEW_EXECUTIONS).all(since.maxExecutionId) as Array<Record<string, unknown>>).map(
    toExecutionSummary,
  );
  const last = rows.at(-1);
  const cursor: ChangeCursor = {
    // When the batch was cut at its bound, keep the old data_version so the next poll reads on.
    dataVersion: rows.length === 1000 ? -1 : dataVersion,
    connection,
    maxExecutionId: last ? last.id : since.maxExecutionId,
    ...(last ? { anchor: startTimeOf(conn, last.id) } : since.anchor === undefined ? {} : { anchor: since.anchor }),
  };
  return { cursor, changed: true, executions: rows };
}

/** Whether the history still holds the cursor's last run as it was. */
function continues(conn: SqliteConnection, since: ChangeCursor): boolean {
  if (since.maxExecutionId === 0 || since.anchor === undefined) return true;
  return startTimeOf(conn, since.maxExecutionId) === since.anchor;
}

function startTimeOf(conn: SqliteConnection, id: number): string | undefined {
  return conn.statement(START_OF).pluck().get(id) as string | undefined;
}
