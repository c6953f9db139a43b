import type pg from 'pg';
import { HistoryError } from '../../errors.js';
import { createPostgresSchema } from './createPostgresSchema.js';

// Everything createPostgresSchema makes that a writer relies on; one round trip to check.
const PRESENT = `
SELECT to_regclass('executions') IS NOT NULL AS executions,
       to_regclass('metrics') IS NOT NULL AS metrics,
       to_regclass('ingest_keys') IS NOT NULL AS ingest_keys,
       EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'runner_dash_executions_inserted'
               AND tgrelid = to_regclass('executions')) AS triggers`;

/** Options of {@link ensurePostgresHistory}. */
export interface EnsurePostgresOptions {
  /** Create what is missing (default); when false, a database without history tables is refused. */
  create: boolean;
}

/** What {@link ensurePostgresHistory} found. */
export interface PostgresHistoryState {
  /** True when this call created the tables (an empty database). */
  created: boolean;
  /** True when the change triggers are installed (so LISTEN/NOTIFY sees every commit). */
  triggers: boolean;
}

/**
 * Makes sure the database behind `pool` is a history: creates the tables, `ingest_keys`
 * and the change triggers when any is missing and `create` is set; otherwise insists on
 * the executions/metrics tables.
 *
 * @throws HistoryError `not-history` when the tables are missing and may not be created.
 */
export async function ensurePostgresHistory(
  pool: pg.Pool,
  location: string,
  options: EnsurePostgresOptions,
): Promise<PostgresHistoryState> {
  const client = await pool.connect();
  try {
    const present = (await client.query(PRESENT)).rows[0] as Record<string, boolean>;
    const complete = present.executions && present.metrics && present.ingest_keys && present.triggers;
    if (complete) return { created: false, triggers: true };
    if (!options.create) {
      if (present.executions && present.metrics) return { created: false, triggers: Boolean(present.triggers) };
      throw new HistoryError(
        'not-history',
        location,
        `${location} has no history tables (executions, metrics); create them with 'runner-dash db init --db ${location}'`,
      );
    }
    await createPostgresSchema(client);
    return { created: !present.executions, triggers: true };
  } finally {
    client.release();
  }
}
