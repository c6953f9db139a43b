import Database from 'better-sqlite3';
import type pg from 'pg';
import { HistoryError } from '../errors.js';
import { checkHistoryFile, checkHistoryTables } from './openHistory.js';
import { createPgPool } from './postgres/createPgPool.js';
import { ensurePostgresHistory } from './postgres/ensurePostgresHistory.js';
import { isPostgresUrl, redactPostgresUrl } from './postgres/postgresUrl.js';
import { toPgHistoryError } from './postgres/toPgHistoryError.js';
import { toHistoryError } from './sqlite/SqliteConnection.js';

/** Options of {@link migrateHistory}. */
export interface MigrateOptions {
  /** Runs per transaction (default 2000). */
  batchSize?: number;
  /** Called after each batch with runs looked at so far and the source's run count. */
  onProgress?: (done: number, total: number) => void;
}

/** What {@link migrateHistory} did. */
export interface MigrateResult {
  /** Runs (with their metrics and alerts) copied now. */
  executions: number;
  metrics: number;
  alerts: number;
  /** Runs already in the target from an earlier migration, left as they were. */
  skipped: number;
  /** The source file and the target URL without its password. */
  from: string;
  to: string;
}

const SOURCE_COUNT = 'SELECT COUNT(*) FROM executions';
const SOURCE_RUNS = `
  SELECT id, script_path, script_args, start_time, end_time, execution_time_seconds, exit_code, success,
         attempt_number, timeout_seconds, timed_out, stdout_lines, stderr_lines, python_version, platform, created_at
  FROM executions WHERE id > ? ORDER BY id LIMIT ?`;
const SOURCE_METRICS = `SELECT execution_id, metric_name, metric_value FROM metrics
  WHERE execution_id BETWEEN ? AND ? ORDER BY execution_id, id`;
const SOURCE_ALERTS = `SELECT execution_id, alert_name, severity, condition, triggered_at FROM alerts
  WHERE execution_id BETWEEN ? AND ? ORDER BY execution_id, id`;
const HAS_ALERTS = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alerts'";

// The source's ids are kept: a run already copied is recognised by its id, so running the
// migration again inserts nothing twice.
const INSERT_RUNS = `
INSERT INTO executions (id, script_path, script_args, start_time, end_time, execution_time_seconds, exit_code, success,
  attempt_number, timeout_seconds, timed_out, stdout_lines, stderr_lines, python_version, platform, created_at)
SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::int[], $8::bool[],
  $9::int[], $10::float8[], $11::bool[], $12::int[], $13::int[], $14::text[], $15::text[], $16::text[])
ON CONFLICT (id) DO NOTHING
RETURNING id`;
const INSERT_METRICS = `INSERT INTO metrics (execution_id, metric_name, metric_value)
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::float8[])`;
const INSERT_ALERTS = `INSERT INTO alerts (execution_id, alert_name, severity, condition, triggered_at)
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[])`;
const EXISTING = 'SELECT id, script_path, start_time FROM executions WHERE id = ANY($1::bigint[])';
// Runs recorded into PostgreSQL after a migration must not reuse a copied id.
const FIX_SEQUENCES = ['executions', 'metrics', 'alerts'].map(
  (t) =>
    `SELECT setval(pg_get_serial_sequence('${t}', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM ${t}), 1),
       (SELECT COUNT(*) > 0 FROM ${t}))`,
);

type SourceRun = Record<string, unknown> & { id: number; script_path: string; start_time: string };

/**
 * Copies a whole SQLite history (runner.py's or runner-dash's) into a PostgreSQL history,
 * creating its tables when needed: runs keep their ids, each batch is one transaction, so
 * an interrupted migration leaves whole runs and can simply be run again. Running it
 * again copies only what is new; a run whose id the target already holds for another
 * script or start time stops the migration rather than being silently dropped.
 *
 * @throws HistoryError for an unusable source or target (with a message saying what to do).
 */
export async function migrateHistory(from: string, to: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const batchSize = options.batchSize ?? 2000;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer (got ${batchSize})`);
  }
  if (!isPostgresUrl(to)) {
    throw new TypeError(`the target must be a postgres:// URL (got '${to}'); copying between files is a file copy`);
  }
  if (isPostgresUrl(from)) throw new TypeError('the source must be a SQLite history file');
  const location = redactPostgresUrl(to);
  checkHistoryFile(from);
  let source: Database.Database;
  try {
    source = new Database(from, { readonly: true, fileMustExist: true, timeout: 5000 });
    checkHistoryTables(source, from);
  } catch (err) {
    throw toHistoryError(err, from);
  }
  const pool = createPgPool(to, { max: 1, connectTimeoutMs: 10_000 });
  const result: MigrateResult = { executions: 0, metrics: 0, alerts: 0, skipped: 0, from, to: location };
  try {
    await ensurePostgresHistory(pool, location, { create: true });
    const hasAlerts = source.prepare(HAS_ALERTS).get() !== undefined;
    const readRuns = source.prepare(SOURCE_RUNS);
    const readMetrics = source.prepare(SOURCE_METRICS).raw();
    const readAlerts = hasAlerts ? source.prepare(SOURCE_ALERTS).raw() : undefined;
    const total = source.prepare(SOURCE_COUNT).pluck().get() as number;
    let after = 0;
    let done = 0;
    for (;;) {
      // One short read transaction per batch: a runner.py writing the file meanwhile is not held up.
      const batch = source.transaction(() => {
        const runs = readRuns.all(after, batchSize) as SourceRun[];
        if (runs.length === 0) return undefined;
        const lo = runs[0]!.id;
        const hi = runs[runs.length - 1]!.id;
        const metrics = readMetrics.all(lo, hi) as Array<[number, string, number]>;
        const alerts = (readAlerts?.all(lo, hi) ?? []) as Array<[number, string, string, string, string]>;
        return { runs, metrics, alerts };
      })();
      if (!batch) break;
      await copyBatch(pool, batch, result, location);
      after = batch.runs[batch.runs.length - 1]!.id;
      done += batch.runs.length;
      options.onProgress?.(Math.min(done, Math.max(total, done)), Math.max(total, done));
    }
    const client = await pool.connect();
    try {
      for (const sql of FIX_SEQUENCES) await client.query(sql);
    } finally {
      client.release();
    }
    options.onProgress?.(done, Math.max(total, done));
    return result;
  } catch (err) {
    throw toPgHistoryError(toHistoryError(err, from), location);
  } finally {
    source.close();
    await pool.end().catch(() => undefined);
  }
}

async function copyBatch(
  pool: pg.Pool,
  batch: { runs: SourceRun[]; metrics: Array<[number, string, number]>; alerts: unknown[][] },
  result: MigrateResult,
  location: string,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const columns: unknown[][] = Array.from({ length: 16 }, () => []);
    for (const run of batch.runs) {
      const values = [
        run.id,
        run.script_path,
        run.script_args,
        run.start_time,
        run.end_time,
        run.execution_time_seconds,
        run.exit_code,
        truthy(run.success),
        run.attempt_number,
        run.timeout_seconds,
        run.timed_out === null ? null : truthy(run.timed_out),
        run.stdout_lines,
        run.stderr_lines,
        run.python_version,
        run.platform,
        run.created_at,
      ];
      values.forEach((v, c) => columns[c]!.push(v));
    }
    const inserted = new Set((await client.query<{ id: number }>(INSERT_RUNS, columns)).rows.map((r) => Number(r.id)));
    const skipped = batch.runs.filter((r) => !inserted.has(r.id));
    if (skipped.length > 0) await checkSameRuns(client, skipped, location);
    const metrics: unknown[][] = [[], [], []];
    for (const m of batch.metrics) {
      if (!inserted.has(m[0])) continue;
      m.forEach((v, c) => metrics[c]!.push(v));
    }
    if (metrics[0]!.length > 0) await client.query(INSERT_METRICS, metrics);
    const alerts: unknown[][] = [[], [], [], [], []];
    for (const a of batch.alerts) {
      if (!inserted.has(a[0] as number)) continue;
      a.forEach((v, c) => alerts[c]!.push(v));
    }
    if (alerts[0]!.length > 0) await client.query(INSERT_ALERTS, alerts);
    await client.query('COMMIT');
    result.executions += inserted.size;
    result.skipped += skipped.length;
    result.metrics += metrics[0]!.length;
    result.alerts += alerts[0]!.length;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

// A kept id that the target holds for another run means the target has its own history:
// merging would silently lose runs, so the migration stops and says so.
async function checkSameRuns(client: pg.PoolClient, skipped: SourceRun[], location: string): Promise<void> {
  const existing = new Map(
    (
      await client.query<{ id: number; script_path: string; start_time: string }>(EXISTING, [skipped.map((r) => r.id)])
    ).rows.map((r) => [Number(r.id), r]),
  );
  for (const run of skipped) {
    const there = existing.get(run.id);
    if (there && (there.script_path !== run.script_path || there.start_time !== run.start_time)) {
      throw new HistoryError(
        'not-history',
        location,
        `${location} already holds run ${run.id} as ${there.script_path} at ${there.start_time}, but the file has ` +
          `${run.script_path} at ${run.start_time}: the target has a history of its own. Migrate into an empty database.`,
      );
    }
  }
}

// SQLite BOOLEAN columns hold 0/1 from runner.py, sometimes 'True'/'False' from other tools.
function truthy(v: unknown): boolean {
  return v === 1 || v === true || v === '1' || v === 'True' || v === 'true';
}
