/** Why a history database could not be used. */
export type HistoryErrorCode =
  | 'missing' // no file at that path
  | 'not-sqlite' // the file exists but is not a SQLite database
  | 'not-history' // SQLite, but without the executions/metrics tables
  | 'unreadable' // permissions or I/O error
  | 'busy' // another process held a lock longer than we wait
  | 'closed'; // the store was closed

/**
 * The one error class of the history store. Callers recognise it with `instanceof` (or
 * `isHistoryError`) and show `message` as it is: it names the file and says what to do.
 */
export class HistoryError extends Error {
  override readonly name = 'HistoryError';
  constructor(
    readonly code: HistoryErrorCode,
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True for a {@link HistoryError}, also across duplicated module copies. */
export function isHistoryError(err: unknown): err is HistoryError {
  return err instanceof HistoryError || (err instanceof Error && err.name === 'HistoryError' && 'code' in err);
}
