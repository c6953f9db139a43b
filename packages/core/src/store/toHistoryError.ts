import { HistoryError } from '../errors.js';

/**
 * Translates a better-sqlite3 error from writing `path` into a {@link HistoryError} with
 * a message that says what to do; anything else (a bug, a HistoryError) passes unchanged.
 */
export function toHistoryError(err: unknown, path: string): unknown {
  if (err instanceof HistoryError || !(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB') {
    return new HistoryError('not-sqlite', path, `${path} is not a SQLite database; choose a history file with --db`, {
      cause: err,
    });
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new HistoryError(
      'busy',
      path,
      `${path} stayed locked by another process longer than runner-dash waits; try again when it is done`,
      { cause: err },
    );
  }
  if (typeof code === 'string' && /^SQLITE_(READONLY|CANTOPEN|PERM|IOERR|AUTH)/.test(code)) {
    return new HistoryError('unreadable', path, `cannot write to ${path} (${err.message}); check its permissions`, {
      cause: err,
    });
  }
  return err;
}
