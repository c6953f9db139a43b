import type Database from 'better-sqlite3';

/** The one table runner-dash adds to a runner.py file, and only once a keyed run arrives. */
export const INGEST_KEYS_TABLE = 'runner_dash_ingest_keys';

const CREATE = `CREATE TABLE IF NOT EXISTS ${INGEST_KEYS_TABLE} (
  key TEXT PRIMARY KEY,
  execution_id INTEGER NOT NULL
)`;
const FIND = `SELECT execution_id FROM ${INGEST_KEYS_TABLE} WHERE key = ?`;
const INSERT = `INSERT INTO ${INGEST_KEYS_TABLE} (key, execution_id) VALUES (?, ?)`;
const PRUNE = `DELETE FROM ${INGEST_KEYS_TABLE} WHERE execution_id IN (SELECT id FROM executions WHERE start_time < ?)`;
const EXISTS = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?";

type Statement = Database.Statement<unknown[]>;

/**
 * Idempotency keys of a SQLite history (see `HistoryWriterLike`). runner.py's schema has
 * no place for them, so they live in their own table, created lazily the first time a
 * keyed run is written; a file that never receives one
 * (everything the local recorder writes) never gets the table. Statements are prepared
 * once the table exists.
 */
export class SqliteIngestKeys {
  private find: Statement | undefined;
  private insert: Statement | undefined;
  private prune: Statement | undefined;

  constructor(private readonly db: Database.Database) {
    if (db.prepare(EXISTS).get(INGEST_KEYS_TABLE) !== undefined) this.prepare();
  }

  /** The execution id recorded under `key`, if any. Call inside the writing transaction. */
  lookup(key: string): number | undefined {
    if (this.find === undefined) return undefined;
    const row = this.find.get(key) as { execution_id: number } | undefined;
    return row?.execution_id;
  }

  /**
   * Creates the table when it is missing. Called before (not inside) the transaction that
   * writes keyed runs: were it created inside one that then rolled back, the statements
   * prepared here would point at a table that no longer exists.
   */
  ensure(): void {
    if (this.insert !== undefined) return;
    this.db.exec(CREATE);
    this.prepare();
  }

  /** Remembers `key` for `executionId`. Call inside the writing transaction, after {@link ensure}. */
  remember(key: string, executionId: number): void {
    if (this.insert === undefined) throw new Error('SqliteIngestKeys.ensure() must run before remember()');
    this.insert.run(key, executionId);
  }

  /** Forgets the keys of runs started before `before`; call before those runs are deleted. */
  pruneBefore(before: string): void {
    this.prune?.run(before);
  }

  private prepare(): void {
    this.find = this.db.prepare(FIND);
    this.insert = this.db.prepare(INSERT);
    this.prune = this.db.prepare(PRUNE);
  }
}
