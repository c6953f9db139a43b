/** What the soak checks in the history file once every process has stopped. */
import Database from 'better-sqlite3';

/** The file's health after the soak. */
export interface HistoryFileCheck {
  integrity: string;
  journalMode: string;
  executions: number;
  /** Executions without a single metric row: a run written by halves. */
  withoutMetrics: number[];
  /** Of the ids the writers reported committed, those not in the file. */
  missingCommitted: number[];
  ids: Set<number>;
}

/**
 * Opens the file read-write, as the next runner.py would: a hot journal left by a writer
 * killed mid-run is rolled back first, exactly what makes a half run impossible.
 */
export function checkHistoryFile(path: string, committed: Iterable<number>): HistoryFileCheck {
  const db = new Database(path, { timeout: 10_000 });
  try {
    const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? '';
    const journalMode = db.pragma('journal_mode', { simple: true }) as string;
    const ids = new Set(db.prepare('SELECT id FROM executions').pluck().all() as number[]);
    const withoutMetrics = db
      .prepare('SELECT e.id FROM executions e WHERE NOT EXISTS (SELECT 1 FROM metrics m WHERE m.execution_id = e.id)')
      .pluck()
      .all() as number[];
    const missingCommitted = [...committed].filter((id) => !ids.has(id));
    return { integrity, journalMode, executions: ids.size, withoutMetrics, missingCommitted, ids };
  } finally {
    db.close();
  }
}
