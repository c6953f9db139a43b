import pg from 'pg';
import { redactPostgresUrl } from './postgresUrl.js';

/** Options of {@link createPgPool}. */
export interface PgPoolOptions {
  /** Connections at most. Default 4: a dashboard's reads are short, and PostgreSQL's slots are shared by a team. */
  max?: number;
  /** How long to wait for a connection before failing (ms). Default 5000, like the SQLite busy timeout. */
  connectTimeoutMs?: number;
  /** Sessions that PostgreSQL itself keeps from writing (`default_transaction_read_only`). */
  readonly?: boolean;
}

const INT8 = 20;
const NUMERIC = 1700;

// Counts and ids come back as BIGINT/NUMERIC, which pg hands over as strings to avoid
// precision loss past 2^53; a history never gets near that, and every caller wants numbers.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

/**
 * A connection pool on `url` that returns BIGINT and NUMERIC as numbers and never crashes
 * the process when an idle connection dies (the server restarted, the network blinked):
 * the next query simply gets a fresh connection.
 */
export function createPgPool(url: string, options: PgPoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    application_name: 'runner-dash',
    types,
    // random_page_cost 1.1 (the usual setting for SSDs and cached data) for our sessions: at
    // the default 4 the planner reads a run's 33 metric rows by execution_id and filters
    // them, instead of one probe of idx_metric_lookup (name, execution_id) — 10× slower
    // for a metric's series.
    options: `-c random_page_cost=1.1${options.readonly ? ' -c default_transaction_read_only=on' : ''}`,
  });
  pool.on('error', (err) => {
    process.emitWarning(
      `runner-dash: an idle PostgreSQL connection to ${redactPostgresUrl(url)} failed: ${err.message}`,
    );
  });
  return pool;
}
