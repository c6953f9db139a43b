import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { HistoryError } from '../errors.js';
import { windowStart } from '../timeWindow.js';
import type { NewExecution } from '../types.js';
import { createSchema } from './createSchema.js';
import type {
  PruneResult,
  RecordManyOptions,
  RecordManyResult,
  RecordOutcome,
  RowCounts,
} from './HistoryWriterLike.js';
import { SqliteIngestKeys } from './sqlite/SqliteIngestKeys.js';
import { toHistoryError } from './toHistoryError.js';
import { validateNewExecution } from './validateNewExecution.js';

/** Options of {@link HistoryWriter.open}. */
export interface HistoryWriterOptions {
  /** Create the file (with runner.py's exact schema) when it does not exist. Default true. */
  create?: boolean;
  /** How long to wait for another writer's lock (runner.py, a second recorder). Default 5000 ms. */
  busyTimeoutMs?: number;
}

// Defined with the store-neutral interface; re-exported here where they were first declared.
export type { PruneResult, RecordManyOptions, RecordManyResult, RecordOutcome, RowCounts };

// `created_at` is SQLite's own UTC clock unless the caller (the demo generator) sets it.
const INSERT_EXECUTION = `
INSERT INTO executions (script_path, script_args, start_time, end_time, execution_time_seconds, exit_code, success,
  attempt_number, timeout_seconds, timed_out, stdout_lines, stderr_lines, python_version, platform, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, CURRENT_TIMESTAMP))`;
const INSERT_METRIC = 'INSERT INTO metrics (execution_id, metric_name, metric_value) VALUES (?, ?, ?)';
const INSERT_ALERT = 'INSERT INTO alerts (execution_id, alert_name, severity, condition) VALUES (?, ?, ?, ?)';
// Foreign keys are off by default in SQLite (and runner.py never turns them on), so the
// children of a pruned run are deleted explicitly rather than by ON DELETE CASCADE.
const PRUNE_METRICS = 'DELETE FROM metrics WHERE execution_id IN (SELECT id FROM executions WHERE start_time < ?)';
const PRUNE_ALERTS = 'DELETE FROM alerts WHERE execution_id IN (SELECT id FROM executions WHERE start_time < ?)';
const PRUNE_EXECUTIONS = 'DELETE FROM executions WHERE start_time < ?';
const LIST_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table'";

type Statement = Database.Statement<unknown[]>;

/**
 * The synchronous write path of a SQLite history file (the embedded default): the demo
 * generator and tests use it directly; everything else goes through the asynchronous
 * `HistoryWriterLike` that `openHistoryWriter` returns (for a file, a thin wrapper over
 * this class). One read-write better-sqlite3 connection with statements
 * prepared once; every write is one short `BEGIN IMMEDIATE` transaction so that a
 * concurrent runner.py (rollback journal, one transaction per run) and readers never see
 * half a run. The journal mode of the file is never touched.
 */
export class HistoryWriter {
  private readonly insertExecution: Statement;
  private readonly insertMetric: Statement;
  private readonly insertAlert: Statement | undefined;
  private readonly pruneMetrics: Statement;
  private readonly pruneAlerts: Statement | undefined;
  private readonly pruneExecutions: Statement;
  private readonly keys: SqliteIngestKeys;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    /** The file written to, as given. */
    readonly path: string,
    hasAlerts: boolean,
  ) {
    try {
      this.insertExecution = db.prepare(INSERT_EXECUTION);
      this.insertMetric = db.prepare(INSERT_METRIC);
      this.insertAlert = hasAlerts ? db.prepare(INSERT_ALERT) : undefined;
      this.pruneMetrics = db.prepare(PRUNE_METRICS);
      this.pruneAlerts = hasAlerts ? db.prepare(PRUNE_ALERTS) : undefined;
      this.pruneExecutions = db.prepare(PRUNE_EXECUTIONS);
      this.keys = new SqliteIngestKeys(db);
    } catch (err) {
      db.close();
      throw new HistoryError(
        'not-history',
        path,
        `${path} has executions/metrics tables without the columns runner-dash writes (${(err as Error).message}); ` +
          'it may come from an old runner.py version — record into a new file with --db',
        { cause: err },
      );
    }
  }

  /**
   * Opens `path` for writing. A missing file is created with runner.py's schema (unless
   * `create` is false); an empty file (0 bytes, or SQLite without any table) gets the
   * schema too. Anything else must already be a history.
   *
   * @throws HistoryError `missing`, `not-sqlite`, `not-history`, `unreadable` or `busy`.
   */
  static open(path: string, options: HistoryWriterOptions = {}): HistoryWriter {
    const { create = true, busyTimeoutMs = 5000 } = options;
    const existing = statOrUndefined(path);
    if (existing === undefined && !create) {
      throw new HistoryError('missing', path, `no history database at ${path}; check the path or record a run first`);
    }
    if (existing?.isDirectory()) {
      throw new HistoryError('unreadable', path, `${path} is a folder, not a history database; give a file path`);
    }
    let db: Database.Database;
    try {
      db = new Database(path, { timeout: busyTimeoutMs });
    } catch (err) {
      throw new HistoryError(
        'unreadable',
        path,
        `cannot open ${path} for writing (${(err as Error).message}); check that its folder exists and is writable`,
        { cause: err },
      );
    }
    try {
      const tables = new Set(db.prepare(LIST_TABLES).pluck().all() as string[]);
      if (!tables.has('executions') || !tables.has('metrics')) {
        if (tables.size > 0) {
          throw new HistoryError(
            'not-history',
            path,
            `${path} is a SQLite database but not a script-run history (no executions/metrics tables); ` +
              'runner-dash leaves it alone — choose another file with --db',
          );
        }
        // A brand-new or zero-length file: give it exactly what runner.py would.
        db.transaction(() => createSchema(db)).immediate();
        tables.add('alerts');
      }
      return new HistoryWriter(db, path, tables.has('alerts'));
    } catch (err) {
      if (db.open) db.close();
      throw toHistoryError(err, path);
    }
  }

  /** The file written to (the `location` of `HistoryWriterLike`). */
  get location(): string {
    return this.path;
  }

  /**
   * Writes one run (its executions row, metric rows and alerts) in one immediate
   * transaction and returns the new execution id — or, for an `idempotency_key` already
   * recorded, the id of that earlier run, writing nothing.
   */
  record(run: NewExecution): number {
    return this.recordBatch([run])[0]!.id;
  }

  /** Writes `runs` in one immediate transaction (all or none); see `HistoryWriterLike.recordBatch`. */
  recordBatch(runs: readonly NewExecution[]): RecordOutcome[] {
    if (!Array.isArray(runs)) throw new TypeError('runs must be an array of runs');
    for (const run of runs) validateNewExecution(run);
    this.assertOpen();
    try {
      this.ensureKeysFor(runs);
      return this.db.transaction(() => runs.map((r) => this.insertRun(r))).immediate();
    } catch (err) {
      throw toHistoryError(err, this.path);
    }
  }

  /**
   * Writes many runs quickly: `batchSize` runs per transaction through the same prepared
   * statements. Every run is checked before its batch starts, so a bad run fails its
   * batch cleanly (earlier batches stay written).
   */
  recordMany(runs: Iterable<NewExecution>, options: RecordManyOptions = {}): RecordManyResult {
    const { batchSize = 2000 } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer (got ${batchSize})`);
    }
    this.assertOpen();
    const counts: RecordManyResult = { executions: 0, metrics: 0, alerts: 0, duplicates: 0 };
    const writeBatch = this.db.transaction((batch: NewExecution[]) => {
      for (const run of batch) this.insertRun(run, counts);
    });
    let batch: NewExecution[] = [];
    const flush = (): void => {
      try {
        this.ensureKeysFor(batch);
        writeBatch.immediate(batch);
      } catch (err) {
        throw toHistoryError(err, this.path);
      }
      batch = [];
    };
    for (const run of runs) {
      validateNewExecution(run);
      batch.push(run);
      if (batch.length >= batchSize) flush();
    }
    if (batch.length > 0) flush();
    return counts;
  }

  /**
   * Deletes every run that started more than `days` days before `now` (local wall
   * clock, as time windows elsewhere), with its metrics and alerts, in one transaction.
   */
  pruneOlderThan(days: number, now?: Date | string): PruneResult {
    if (!Number.isInteger(days) || days < 0) {
      throw new RangeError(`days must be a whole number of days, 0 or more (got ${days})`);
    }
    this.assertOpen();
    const before = windowStart({ days, now }) as string;
    try {
      return this.db
        .transaction((): PruneResult => {
          // Children first: the subqueries find the doomed runs while they still exist.
          const metrics = this.pruneMetrics.run(before).changes;
          const alerts = this.pruneAlerts?.run(before).changes ?? 0;
          this.keys.pruneBefore(before);
          const executions = this.pruneExecutions.run(before).changes;
          return { executions, metrics, alerts, before };
        })
        .immediate();
    } catch (err) {
      throw toHistoryError(err, this.path);
    }
  }

  /** Closes the connection; later calls fail with a `closed` HistoryError. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private insertRun(run: NewExecution, counts?: RecordManyResult): RecordOutcome {
    const key = run.idempotency_key;
    if (key !== undefined) {
      const earlier = this.keys.lookup(key);
      if (earlier !== undefined) {
        if (counts) counts.duplicates++;
        return { id: earlier, duplicate: true };
      }
    }
    const id = Number(
      this.insertExecution.run(
        run.script_path,
        JSON.stringify(run.script_args ?? []),
        run.start_time,
        run.end_time,
        run.execution_time_seconds,
        run.exit_code,
        run.success ? 1 : 0,
        run.attempt_number ?? 1,
        run.timeout_seconds ?? null,
        run.timed_out ? 1 : 0,
        run.stdout_lines ?? null,
        run.stderr_lines ?? null,
        run.python_version ?? null,
        run.platform ?? null,
        run.created_at ?? null,
      ).lastInsertRowid,
    );
    let metricCount = 0;
    for (const name in run.metrics) {
      this.insertMetric.run(id, name, run.metrics[name]);
      metricCount++;
    }
    const alerts = run.alerts ?? [];
    if (alerts.length > 0) {
      if (this.insertAlert === undefined) {
        throw new HistoryError(
          'not-history',
          this.path,
          `${this.path} has no alerts table, so the run's alerts cannot be stored`,
        );
      }
      for (const a of alerts) this.insertAlert.run(id, a.alert_name, a.severity, a.condition);
    }
    if (key !== undefined) this.keys.remember(key, id);
    if (counts) {
      counts.executions++;
      counts.metrics += metricCount;
      counts.alerts += alerts.length;
    }
    return { id, duplicate: false };
  }

  private ensureKeysFor(runs: readonly NewExecution[]): void {
    if (runs.some((r) => r.idempotency_key !== undefined)) this.keys.ensure();
  }

  private assertOpen(): void {
    if (this.closed) throw new HistoryError('closed', this.path, `the history writer for ${this.path} was closed`);
  }
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
