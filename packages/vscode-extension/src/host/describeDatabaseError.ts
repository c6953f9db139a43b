import { isHistoryError } from '@runner-dash/core';

/**
 * Why a history database cannot be shown, in the words of the extension (core's messages
 * speak of the CLI's `--db`): what is wrong with which file, and what to do next.
 */
export function describeDatabaseError(path: string, err: unknown): string {
  if (isHistoryError(err)) {
    switch (err.code) {
      case 'missing':
        return `No history database at ${path} yet. Run a script with "Runner Dash: Run Current Script with Metrics" to create it, or choose another database.`;
      case 'not-sqlite':
        return `${path} is not a SQLite database. Choose the history file Python Script Runner or runner-dash writes (script_runner_history.db).`;
      case 'not-history':
        return `${path} is not a script-run history (it has no executions and metrics tables). Choose the history file Python Script Runner or runner-dash writes.`;
      case 'unreadable':
        return `${path} cannot be read: ${err.message}`;
      case 'busy':
        return `${path} stayed locked by another process; Runner Dash will try again when it changes.`;
      case 'closed':
        return `The connection to ${path} was closed; Runner Dash will open it again when it changes.`;
    }
  }
  return `${path} could not be read: ${err instanceof Error ? err.message : String(err)}`;
}
