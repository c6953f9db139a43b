import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { HistoryError } from '../errors.js';
import type { HistoryStore } from './HistoryStore.js';
import { isPostgresUrl } from './postgres/postgresUrl.js';
import { SqliteConnection, toHistoryError } from './sqlite/SqliteConnection.js';
import { SqliteHistoryStore } from './sqlite/SqliteHistoryStore.js';

/** Options of {@link openHistory}. */
export interface OpenHistoryOptions {
  /** Open without any write access (default true): the dashboard never writes. */
  readonly?: boolean;
  /** How long a read keeps retrying while another process holds a lock (default 5000 ms). */
  busyWaitMs?: number;
  /**
   * Follow the path rather than the open file (default false), for long-lived readers such
   * as the server: when the file is deleted, renamed over, truncated or overwritten, reads
   * fail with a {@link HistoryError} saying so (never with the old file's data), and the
   * first read after a valid history is back at the path opens it. A new file restarts the
   * change cursor: {@link HistoryStore.pollChanges} answers `reset`.
   */
  reopen?: boolean;
}

const SQLITE_MAGIC = 'SQLite format 3\0';
const REQUIRED_TABLES = ['executions', 'metrics'];

/** Refuses, with a message naming the file and the fix, anything that is not a readable SQLite file. */
export function checkHistoryFile(path: string): void {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile())
      throw new HistoryError(
        'unreadable',
        path,
        `${path} is not a file; pass the path of a history database with --db.`,
      );
    size = stat.size;
  } catch (err) {
    if (err instanceof HistoryError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new HistoryError(
        'missing',
        path,
        `${path} does not exist. Pass --db with the path of a runner.py history (script_runner_history.db), or record a run with 'runner-dash run' to create one.`,
      );
    throw new HistoryError(
      'unreadable',
      path,
      `${path} cannot be read (${code ?? String(err)}); check its permissions.`,
      {
        cause: err,
      },
    );
  }
  let header = '';
  if (size > 0) {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'r');
      const buf = Buffer.alloc(16);
      const n = readSync(fd, buf, 0, 16, 0);
      header = buf.subarray(0, n).toString('latin1');
    } catch (err) {
      throw new HistoryError(
        'unreadable',
        path,
        `${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); check its permissions.`,
        { cause: err },
      );
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  if (size === 0)
    throw new HistoryError(
      'not-history',
      path,
      `${path} is empty, not a script-run history. Point --db at a runner.py history, or record a run with 'runner-dash run' to create one.`,
    );
  if (header !== SQLITE_MAGIC)
    throw new HistoryError(
      'not-sqlite',
      path,
      `${path} is not a SQLite database. Point --db at the history file Python Script Runner or 'runner-dash run' writes (script_runner_history.db).`,
    );
}

/** Refuses a SQLite database that lacks the history tables. */
export function checkHistoryTables(db: Database.Database, path: string): void {
  const present = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).map((n) =>
      n.toLowerCase(),
    ),
  );
  const missing = REQUIRED_TABLES.filter((t) => !present.has(t));
  if (missing.length > 0)
    throw new HistoryError(
      'not-history',
      path,
      `${path} is a SQLite database but not a script-run history (no ${missing.join('/')} table). Point --db at the history file Python Script Runner or 'runner-dash run' writes.`,
    );
}

/**
 * Opens a script-run history database (the format Python Script Runner writes): a SQLite
 * file, or with a `postgres://`/`postgresql://` URL the shared PostgreSQL history (whose
 * tables `runner-dash db init` creates).
 *
 * Read-only by default: the connection cannot write, never changes the journal mode, and
 * waits for a concurrent writer's lock without blocking the event loop.
 *
 * @throws {@link HistoryError} `missing`, `not-sqlite`, `not-history` or `unreadable`,
 * with a message that names the file and says what to do.
 */
export async function openHistory(path: string, options: OpenHistoryOptions = {}): Promise<HistoryStore> {
  const readonly = options.readonly ?? true;
  if (isPostgresUrl(path)) {
    // Loaded on use: SQLite-only users never pay for the PostgreSQL driver.
    const { PostgresHistoryStore } = await import('./postgres/PostgresHistoryStore.js');
    return PostgresHistoryStore.open(path, { readonly });
  }
  checkHistoryFile(path);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly, fileMustExist: true });
    const conn = new SqliteConnection(db, path, {
      busyWaitMs: options.busyWaitMs,
      reopen: options.reopen ? () => reopenHistory(path, readonly) : undefined,
    });
    await conn.read(() => checkHistoryTables(conn.db, path));
    return new SqliteHistoryStore(conn, readonly);
  } catch (err) {
    db?.close();
    throw toHistoryError(err, path);
  }
}

/** Opens `path` again with the checks of a first open; the messages say it is retried. */
function reopenHistory(path: string, readonly: boolean): Database.Database {
  let db: Database.Database | undefined;
  try {
    checkHistoryFile(path);
    db = new Database(path, { readonly, fileMustExist: true });
    checkHistoryTables(db, path);
    return db;
  } catch (err) {
    db?.close();
    const failure = toHistoryError(err, path);
    if (!(failure instanceof HistoryError) || failure.code === 'busy') throw failure;
    throw new HistoryError(
      failure.code,
      path,
      `${failure.message} (It is looked at again on every read and used as soon as a valid history is back.)`,
      { cause: err },
    );
  }
}
