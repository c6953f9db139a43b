import type { NewExecution } from '../types.js';

/** Options of {@link HistoryWriterLike.recordMany}. */
export interface RecordManyOptions {
  /** Runs per transaction. Default 2000: big enough that commits are rare, small enough to let others in. */
  batchSize?: number;
}

/** How many rows a bulk write or a prune touched. */
export interface RowCounts {
  executions: number;
  metrics: number;
  alerts: number;
}

/** What {@link HistoryWriterLike.recordMany} wrote. */
export interface RecordManyResult extends RowCounts {
  /** Runs skipped because their `idempotency_key` had already been recorded. */
  duplicates: number;
}

/** What {@link HistoryWriterLike.pruneOlderThan} removed, and the `start_time` it cut at. */
export interface PruneResult extends RowCounts {
  /** Runs that started before this naive local ISO time were removed. */
  before: string;
}

/** What became of one run of {@link HistoryWriterLike.recordBatch}. */
export interface RecordOutcome {
  /** The run's execution id: the new row, or the one first recorded under the same key. */
  id: number;
  /** True when the run's `idempotency_key` was already recorded, so nothing was written. */
  duplicate: boolean;
}

/**
 * The write path of any history store: the recorder, the ingest route, `runner-dash
 * prune`/`migrate` and the demo generator write through it. Asynchronous so that SQLite
 * (embedded default) and PostgreSQL (shared team history) stand behind one interface;
 * open one with `openHistoryWriter(location)`.
 *
 * Idempotency: a run may carry `idempotency_key`. Recording a run whose key is already
 * known writes nothing and answers the id of the run first recorded under it, so a client
 * retrying after a lost answer never duplicates a run. runner.py's fixed schema has no
 * column for it, so each store keeps keys beside the history:
 * - PostgreSQL: table `ingest_keys(key TEXT PRIMARY KEY, execution_id)`, created with the
 *   schema; the key and the run are inserted in one transaction.
 * - SQLite: table `runner_dash_ingest_keys(key TEXT PRIMARY KEY, execution_id)`, created
 *   only the first time a keyed run is written (so files the local recorder creates stay
 *   byte-for-byte runner.py's schema; runner.py ignores the extra table). A durable table
 *   rather than an in-memory set, because retries (a spooled run sent again) outlive the
 *   server process that saw the first attempt.
 * Pruning a run forgets its key in both.
 *
 * Errors: `HistoryError` for store problems, `TypeError` naming the field for a bad run,
 * `RangeError` for bad options.
 */
export interface HistoryWriterLike {
  /** Where the runs go: a file path, or a PostgreSQL URL without its password. */
  readonly location: string;
  /** Writes one run (execution, metrics, alerts) atomically; answers its execution id. */
  record(run: NewExecution): Promise<number>;
  /**
   * Writes `runs` in one transaction — all or none — and says for each (in order) which
   * id it has and whether it was a duplicate. Meant for ingest batches (tens of runs).
   */
  recordBatch(runs: readonly NewExecution[]): Promise<RecordOutcome[]>;
  /**
   * Writes many runs quickly, `batchSize` per transaction; a bad run fails its batch
   * (earlier batches stay written).
   */
  recordMany(
    runs: Iterable<NewExecution> | AsyncIterable<NewExecution>,
    options?: RecordManyOptions,
  ): Promise<RecordManyResult>;
  /**
   * Deletes every run that started more than `days` days before `now` (local wall clock),
   * with its metrics, alerts and idempotency key, in one transaction.
   */
  pruneOlderThan(days: number, now?: Date | string): Promise<PruneResult>;
  /** Releases the connection(s); later calls fail with a `closed` HistoryError. Safe to call twice. */
  close(): Promise<void>;
}
