import type { NewExecution } from '../../types.js';
import type {
  HistoryWriterLike,
  PruneResult,
  RecordManyOptions,
  RecordManyResult,
  RecordOutcome,
} from '../HistoryWriterLike.js';
import { RemoteWriteError } from './RemoteWriteError.js';
import { withIdempotencyKey, type RemoteHistoryWriter } from './RemoteHistoryWriter.js';
import type { RunSpool } from './RunSpool.js';

/**
 * A run could not reach the server and waits in the spool instead: not recorded yet, not
 * lost. Its message says where it is and how it will be sent.
 */
export class RunSpooledError extends Error {
  override readonly name = 'RunSpooledError';
  constructor(
    message: string,
    /** The spool files holding the runs. */
    readonly files: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A remote history that never loses a run: a run the server cannot take now is kept in the
 * spool (with its idempotency key, so a later send cannot duplicate it) and the write
 * fails with a {@link RunSpooledError} that says so.
 */
export class SpoolingHistoryWriter implements HistoryWriterLike {
  readonly location: string;

  constructor(
    private readonly remote: RemoteHistoryWriter,
    private readonly spool: RunSpool,
  ) {
    this.location = remote.location;
  }

  async record(run: NewExecution): Promise<number> {
    return (await this.recordBatch([run]))[0]!.id;
  }

  async recordBatch(runs: readonly NewExecution[]): Promise<RecordOutcome[]> {
    // Keys first: the spooled copy must carry the key the first (maybe half-done) send used.
    const keyed = runs.map(withIdempotencyKey);
    try {
      return await this.remote.recordBatch(keyed);
    } catch (err) {
      if (!(err instanceof RemoteWriteError)) throw err;
      const files = keyed.map((run) => this.spool.add(this.location, run));
      const rejected = err.retryable ? undefined : files.map((file) => this.spool.reject(file, err.message));
      const what = keyed.length === 1 ? 'the run is' : `the ${keyed.length} runs are`;
      const message = rejected
        ? `${err.message}; ${what} kept in ${rejected.join(', ')} for you to look at`
        : `${err.message}; ${what} kept in ${files.length === 1 ? files[0] : this.spool.dir} and will be sent by ` +
          `the next 'runner-dash run --server ${this.location}' or by 'runner-dash spool flush --server ${this.location}'`;
      throw new RunSpooledError(message, rejected ?? files, { cause: err });
    }
  }

  async recordMany(
    runs: Iterable<NewExecution> | AsyncIterable<NewExecution>,
    options?: RecordManyOptions,
  ): Promise<RecordManyResult> {
    return this.remote.recordMany(runs, options);
  }

  pruneOlderThan(): Promise<PruneResult> {
    return this.remote.pruneOlderThan();
  }

  close(): Promise<void> {
    return this.remote.close();
  }
}
