import type pg from 'pg';
import { HistoryError } from '../../errors.js';
import { windowStart } from '../../timeWindow.js';
import type { NewExecution } from '../../types.js';
import type {
  HistoryWriterLike,
  PruneResult,
  RecordManyOptions,
  RecordManyResult,
  RecordOutcome,
} from '../HistoryWriterLike.js';
import { validateNewExecution } from '../validateNewExecution.js';
import { createPgPool } from './createPgPool.js';
import { ensurePostgresHistory } from './ensurePostgresHistory.js';
import { redactPostgresUrl } from './postgresUrl.js';
import { toPgHistoryError } from './toPgHistoryError.js';

/** Options of {@link PostgresHistoryWriter.open}. */
export interface PostgresWriterOptions {
  /** Create the tables when the database has none. Default true. */
  create?: boolean;
}

const NOW_UTC = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')";
const INSERT_EXECUTION = `
INSERT INTO executions (script_path, script_args, start_time, end_time, execution_time_seconds, exit_code, success,
  attempt_number, timeout_seconds, timed_out, stdout_lines, stderr_lines, python_version, platform, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, COALESCE($15, ${NOW_UTC}))
RETURNING id`;
// Whole batches in one statement per table: arrays in, unnest out.
const INSERT_EXECUTIONS = `
INSERT INTO executions (id, script_path, script_args, start_time, end_time, execution_time_seconds, exit_code, success,
  attempt_number, timeout_seconds, timed_out, stdout_lines, stderr_lines, python_version, platform, created_at)
SELECT id, script_path, script_args, start_time, end_time, execution_time_seconds, exit_code, success,
  attempt_number, timeout_seconds, timed_out, stdout_lines, stderr_lines, python_version, platform,
  COALESCE(created_at, ${NOW_UTC})
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::int[], $8::bool[],
  $9::int[], $10::float8[], $11::bool[], $12::int[], $13::int[], $14::text[], $15::text[], $16::text[])
  AS t(id, script_path, script_args, start_time, end_time, execution_time_seconds, exit_code, success,
  attempt_number, timeout_seconds, timed_out, stdout_lines, stderr_lines, python_version, platform, created_at)`;
const INSERT_METRICS = `
INSERT INTO metrics (execution_id, metric_name, metric_value)
SELECT * FROM unnest($1::bigint[], $2::text[], $3::float8[])`;
const INSERT_ALERTS = `
INSERT INTO alerts (execution_id, alert_name, severity, condition)
SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])`;
const NEXT_IDS = "SELECT nextval(pg_get_serial_sequence('executions', 'id')) AS id FROM generate_series(1, $1)";
// Retries of one key wait for each other here, so the second sees the first's row.
const LOCK_KEY = "SELECT pg_advisory_xact_lock(hashtext('runner-dash ingest key'), hashtext($1))";
const FIND_KEY = 'SELECT execution_id FROM ingest_keys WHERE key = $1';
const INSERT_KEY = 'INSERT INTO ingest_keys (key, execution_id) VALUES ($1, $2)';
const DOOMED = 'SELECT id FROM executions WHERE start_time < $1';
const PRUNE_METRICS = `DELETE FROM metrics WHERE execution_id IN (${DOOMED})`;
const PRUNE_ALERTS = `DELETE FROM alerts WHERE execution_id IN (${DOOMED})`;
const PRUNE_KEYS = `DELETE FROM ingest_keys WHERE execution_id IN (${DOOMED})`;
const PRUNE_EXECUTIONS = 'DELETE FROM executions WHERE start_time < $1';

type Columns = unknown[][];

/**
 * The write path of a PostgreSQL history: every write is one transaction on a pooled
 * connection. Single runs use `INSERT … RETURNING id`; bulk writes take a batch of ids
 * from the sequence and send each table's rows as arrays in one `unnest` statement, so a
 * batch of 2000 runs is four round trips, not 70,000. The change triggers announce each
 * commit to every listening server.
 */
export class PostgresHistoryWriter implements HistoryWriterLike {
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    /** The URL without its password. */
    readonly location: string,
  ) {}

  /**
   * Connects to `url`, creating the tables when the database has none (unless `create`
   * is false).
   * @throws HistoryError `missing`, `not-history`, `unreadable` or `busy`.
   */
  static async open(url: string, options: PostgresWriterOptions = {}): Promise<PostgresHistoryWriter> {
    const location = redactPostgresUrl(url);
    const pool = createPgPool(url, { max: 2 });
    try {
      await ensurePostgresHistory(pool, location, { create: options.create ?? true });
      return new PostgresHistoryWriter(pool, location);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw toPgHistoryError(err, location);
    }
  }

  async record(run: NewExecution): Promise<number> {
    return (await this.recordBatch([run]))[0]!.id;
  }

  async recordBatch(runs: readonly NewExecution[]): Promise<RecordOutcome[]> {
    if (!Array.isArray(runs)) throw new TypeError('runs must be an array of runs');
    for (const run of runs) validateNewExecution(run);
    return this.transaction(async (client) => {
      const outcomes: RecordOutcome[] = [];
      for (const run of runs) outcomes.push(await insertRun(client, run));
      return outcomes;
    });
  }

  async recordMany(
    runs: Iterable<NewExecution> | AsyncIterable<NewExecution>,
    options: RecordManyOptions = {},
  ): Promise<RecordManyResult> {
    const { batchSize = 2000 } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer (got ${batchSize})`);
    }
    this.assertOpen();
    const counts: RecordManyResult = { executions: 0, metrics: 0, alerts: 0, duplicates: 0 };
    let batch: NewExecution[] = [];
    const flush = async (): Promise<void> => {
      const written = batch;
      batch = [];
      await this.transaction(async (client) => {
        if (written.some((r) => r.idempotency_key !== undefined)) {
          // Keys need a look-up per run; keyed bulk writes are rare (ingest sends small batches).
          for (const run of written) {
            const outcome = await insertRun(client, run);
            if (outcome.duplicate) counts.duplicates++;
            else addCounts(counts, run);
          }
        } else {
          await insertBulk(client, written);
          for (const run of written) addCounts(counts, run);
        }
      });
    };
    for await (const run of runs) {
      validateNewExecution(run);
      batch.push(run);
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    return counts;
  }

  async pruneOlderThan(days: number, now?: Date | string): Promise<PruneResult> {
    if (!Number.isInteger(days) || days < 0) {
      throw new RangeError(`days must be a whole number of days, 0 or more (got ${days})`);
    }
    const before = windowStart({ days, now }) as string;
    return this.transaction(async (client) => {
      const metrics = (await client.query(PRUNE_METRICS, [before])).rowCount ?? 0;
      const alerts = (await client.query(PRUNE_ALERTS, [before])).rowCount ?? 0;
      await client.query(PRUNE_KEYS, [before]);
      const executions = (await client.query(PRUNE_EXECUTIONS, [before])).rowCount ?? 0;
      return { executions, metrics, alerts, before };
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    this.assertOpen();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw toPgHistoryError(err, this.location);
    }
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw toPgHistoryError(err, this.location);
    } finally {
      client.release();
    }
  }

  private assertOpen(): void {
    if (this.closed)
      throw new HistoryError('closed', this.location, `the history writer for ${this.location} was closed`);
  }
}

async function insertRun(client: pg.ClientBase, run: NewExecution): Promise<RecordOutcome> {
  const key = run.idempotency_key;
  if (key !== undefined) {
    await client.query(LOCK_KEY, [key]);
    const earlier = await client.query<{ execution_id: number }>(FIND_KEY, [key]);
    if (earlier.rows.length > 0) return { id: earlier.rows[0]!.execution_id, duplicate: true };
  }
  const inserted = await client.query<{ id: number }>(INSERT_EXECUTION, executionValues(run));
  const id = inserted.rows[0]!.id;
  const metrics = metricColumns([id], [run]);
  if (metrics[0]!.length > 0) await client.query(INSERT_METRICS, metrics);
  const alerts = alertColumns([id], [run]);
  if (alerts[0]!.length > 0) await client.query(INSERT_ALERTS, alerts);
  if (key !== undefined) await client.query(INSERT_KEY, [key, id]);
  return { id, duplicate: false };
}

async function insertBulk(client: pg.ClientBase, runs: NewExecution[]): Promise<void> {
  const ids = (await client.query<{ id: number }>(NEXT_IDS, [runs.length])).rows.map((r) => r.id);
  const columns: Columns = Array.from({ length: 16 }, () => []);
  runs.forEach((run, i) => {
    columns[0]!.push(ids[i]);
    executionValues(run).forEach((value, c) => columns[c + 1]!.push(value));
  });
  await client.query(INSERT_EXECUTIONS, columns);
  const metrics = metricColumns(ids, runs);
  if (metrics[0]!.length > 0) await client.query(INSERT_METRICS, metrics);
  const alerts = alertColumns(ids, runs);
  if (alerts[0]!.length > 0) await client.query(INSERT_ALERTS, alerts);
}

function executionValues(run: NewExecution): unknown[] {
  return [
    run.script_path,
    JSON.stringify(run.script_args ?? []),
    run.start_time,
    run.end_time,
    run.execution_time_seconds,
    run.exit_code,
    run.success === true,
    run.attempt_number ?? 1,
    run.timeout_seconds ?? null,
    run.timed_out === true,
    run.stdout_lines ?? null,
    run.stderr_lines ?? null,
    run.python_version ?? null,
    run.platform ?? null,
    run.created_at ?? null,
  ];
}

function metricColumns(ids: readonly number[], runs: readonly NewExecution[]): Columns {
  const columns: Columns = [[], [], []];
  runs.forEach((run, i) => {
    for (const name in run.metrics) {
      columns[0]!.push(ids[i]);
      columns[1]!.push(name);
      columns[2]!.push(run.metrics[name]);
    }
  });
  return columns;
}

function alertColumns(ids: readonly number[], runs: readonly NewExecution[]): Columns {
  const columns: Columns = [[], [], [], []];
  runs.forEach((run, i) => {
    for (const a of run.alerts ?? []) {
      columns[0]!.push(ids[i]);
      columns[1]!.push(a.alert_name);
      columns[2]!.push(a.severity);
      columns[3]!.push(a.condition);
    }
  });
  return columns;
}

function addCounts(counts: RecordManyResult, run: NewExecution): void {
  counts.executions++;
  counts.metrics += Object.keys(run.metrics).length;
  counts.alerts += run.alerts?.length ?? 0;
}
