import { HistoryWriter, type HistoryWriterOptions } from './HistoryWriter.js';
import type { HistoryWriterLike } from './HistoryWriterLike.js';
import { isPostgresUrl } from './postgres/postgresUrl.js';
import { SqliteHistoryWriter } from './sqlite/SqliteHistoryWriter.js';

/** Options of {@link openHistoryWriter}. */
export type OpenHistoryWriterOptions = HistoryWriterOptions;

/**
 * Opens a history for writing: a `postgres://` or `postgresql://` URL opens the shared
 * PostgreSQL history (tables created when the database has none), anything else is a
 * SQLite file path (created with runner.py's schema when missing). `create: false`
 * refuses a history that does not exist yet in both.
 *
 * @throws HistoryError with a message naming the file or URL and the fix.
 */
export async function openHistoryWriter(
  location: string,
  options: OpenHistoryWriterOptions = {},
): Promise<HistoryWriterLike> {
  if (typeof location !== 'string' || location === '') {
    throw new TypeError('location must be a history file path or a postgres:// URL');
  }
  if (isPostgresUrl(location)) {
    // Loaded on use: SQLite-only users never pay for the PostgreSQL driver.
    const { PostgresHistoryWriter } = await import('./postgres/PostgresHistoryWriter.js');
    return PostgresHistoryWriter.open(location, { create: options.create });
  }
  return new SqliteHistoryWriter(HistoryWriter.open(location, options));
}
