import { statSync } from 'node:fs';
import type { Database, Statement } from 'better-sqlite3';
import { HistoryError } from '../../errors.js';

/**
 * How long one synchronous SQLite call may wait for a lock before we yield to the event loop.
 * Tiny: every read waiting for a long write lock pays it once per retry, and a dozen of them
 * at 25 ms each kept the event loop busy most of the time.
 */
const BUSY_SLICE_MS = 2;

/** Options of {@link SqliteConnection}. */
export interface SqliteConnectionOptions {
  /** Total time a read may keep retrying while another process holds a lock. */
  busyWaitMs?: number;
  /**
   * Opens the file at `path` again (with every check of a first open). Given, the connection
   * follows the path instead of the open file: see {@link SqliteConnection.read}.
   */
  reopen?: () => Database;
}

/** Which file a connection has open: a new inode under the same name is another file. */
interface FileIdentity {
  dev: number;
  ino: number;
}

// Codes that mean "the file's content is not a usable history": the connection may hold a
// stale schema or page cache of it, so it is dropped and the next read opens afresh.
const CONTENT_FAILURES = new Set(['missing', 'not-sqlite', 'not-history', 'unreadable']);

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
 *
 * With a `reopen` function it also survives the file being deleted, renamed over,
 * truncated or overwritten while open (an open handle would go on reading the old inode,
 * or a stale cache): every read first compares the path's identity with the open file's,
 * fails with a {@link HistoryError} while there is no usable history there, and opens
 * the new file once a valid one is back. {@link generation} counts those openings.
 */
export class SqliteConnection {
  private readonly statements = new Map<string, Statement>();
  private readonly busyWaitMs: number;
  private readonly reopen: (() => Database) | undefined;
  private current: Database | undefined;
  private identity: FileIdentity | undefined;
  private opened = 1;
  private closedByOwner = false;

  constructor(
    db: Database,
    readonly path: string,
    options: SqliteConnectionOptions = {},
  ) {
    this.busyWaitMs = options.busyWaitMs ?? 5000;
    this.reopen = options.reopen;
    this.adopt(db, this.reopen ? identityOf(path) : undefined);
  }

  /** The open better-sqlite3 handle (only valid inside {@link read}'s `work`). */
  get db(): Database {
    if (!this.current) throw this.closedError();
    return this.current;
  }

  /** How many times the file has been opened: a change means a new file, whose data versions start over. */
  get generation(): number {
    return this.opened;
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
        if (this.closedByOwner) throw this.closedError();
        if (this.reopen) this.follow();
        const db = this.db;
        return db.inTransaction ? work() : db.transaction(work).deferred();
      } catch (err) {
        if (isBusy(err) && Date.now() < deadline) {
          await sleep(Math.min(5 * 2 ** attempt, 100));
          continue;
        }
        const failure = toHistoryError(err, this.path);
        if (this.reopen && failure instanceof HistoryError && CONTENT_FAILURES.has(failure.code)) this.drop();
        throw failure;
      }
    }
  }

  close(): void {
    this.closedByOwner = true;
    this.drop();
  }

  /** Makes sure the open handle is the file now at `path`, opening it (again) when needed. */
  private follow(): void {
    const now = identityOf(this.path);
    if (!now) {
      this.drop();
      throw new HistoryError(
        'missing',
        this.path,
        `${this.path} is gone (deleted or moved away) while runner-dash was reading it; put a history back at that ` +
          'path and it is used again at once.',
      );
    }
    const same = this.identity !== undefined && this.identity.dev === now.dev && this.identity.ino === now.ino;
    if (this.current && same && now.size > 0) return;
    this.drop();
    // The identity is taken before opening: should the file change in between, the next read opens again.
    this.adopt(this.reopen!(), now);
    this.opened++;
  }

  private adopt(db: Database, identity: FileIdentity | undefined): void {
    db.pragma(`busy_timeout = ${BUSY_SLICE_MS}`);
    this.current = db;
    this.identity = identity;
  }

  /** Closes the handle (if any) so that the next read opens the file afresh. */
  private drop(): void {
    this.statements.clear();
    const db = this.current;
    this.current = undefined;
    this.identity = undefined;
    if (db?.open) db.close();
  }

  private closedError(): HistoryError {
    return new HistoryError('closed', this.path, `${this.path}: the history store was closed.`);
  }
}

function identityOf(path: string): (FileIdentity & { size: number }) | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? { dev: stat.dev, ino: stat.ino, size: stat.size } : undefined;
}
