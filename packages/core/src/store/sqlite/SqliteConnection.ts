import type { Database, Statement } from 'better-sqlite3';
import { HistoryError } from '../../errors.js';

/** How long one synchronous SQLite call may wait for a lock before we yield to the event loop. */
const BUSY_SLICE_MS = 25;

/** Options of {@link SqliteConnection}. */
export interface SqliteConnectionOptions {
  /** Total time a read may keep retrying while another process holds a lock. */
  busyWaitMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_SNAPSHOT';
}

/**
 * Translates a SQLite failure into a {@link HistoryError} that says which file and what to
 * do; anything that is not a SQLite error is returned unchanged.
 */
export function toHistoryError(err: unknown, path: string): unknown {
  if (err instanceof HistoryError) return err;
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  const message = err instanceof Error ? err.message : String(err);
  if (!code.startsWith('SQLITE_')) return err;
  if (code === 'SQLITE_NOTADB')
    return new HistoryError(
      'not-sqlite',
      path,
      `${path} is not a SQLite database (any more); point --db at a runner.py history file.`,
      { cause: err },
    );
  if (code.startsWith('SQLITE_CORRUPT'))
    return new HistoryError(
      'unreadable',
      path,
      `${path} is damaged (${message}); restore it from a backup or record into a new file.`,
      { cause: err },
    );
  if (code === 'SQLITE_ERROR' && /no such (table|column)/.test(message))
    return new HistoryError('not-history', path, `${path} is no longer a script-run history (${message}).`, {
      cause: err,
    });
  if (code === 'SQLITE_ERROR') return err; // a bug in our SQL, not a problem with the file
  if (isBusy(err))
    return new HistoryError('busy', path, `${path} is locked by another process for too long; try again in a moment.`, {
      cause: err,
    });
  return new HistoryError(
    'unreadable',
    path,
    `${path} could not be read (${message}); check the file and its permissions.`,
    { cause: err },
  );
}

/**
 * One better-sqlite3 connection with a statement cache (each SQL text prepared once) and
 * non-blocking lock waits: SQLite's own busy timeout is kept to a short slice, and a
 * locked read is retried after yielding to the event loop until `busyWaitMs` has passed.
 */
export class SqliteConnection {
  private readonly statements = new Map<string, Statement>();
  private readonly busyWaitMs: number;

  constructor(
    readonly db: Database,
    readonly path: string,
    options: SqliteConnectionOptions = {},
  ) {
    this.busyWaitMs = options.busyWaitMs ?? 5000;
    db.pragma(`busy_timeout = ${BUSY_SLICE_MS}`);
  }

  /** The prepared statement for `sql`, prepared on first use. */
  statement(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /**
   * Runs `work` (synchronous SQLite calls) as one read transaction, so multi-statement
   * answers are consistent, retrying while another process holds a lock.
   */
  async read<T>(work: () => T): Promise<T> {
    const deadline = Date.now() + this.busyWaitMs;
    for (let attempt = 0; ; attempt++) {
      try {
        if (!this.db.open) throw new HistoryError('closed', this.path, `${this.path}: the history store was closed.`);
        return this.db.inTransaction ? work() : this.db.transaction(work).deferred();
      } catch (err) {
        if (!isBusy(err) || Date.now() >= deadline) throw toHistoryError(err, this.path);
        await sleep(Math.min(10 * 2 ** attempt, 200));
      }
    }
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }
}
