import type { NewExecution } from '../../types.js';
import type { HistoryWriter } from '../HistoryWriter.js';
import type {
  HistoryWriterLike,
  PruneResult,
  RecordManyOptions,
  RecordManyResult,
  RecordOutcome,
} from '../HistoryWriterLike.js';

/**
 * {@link HistoryWriterLike} over a SQLite file: the synchronous {@link HistoryWriter}
 * behind promises. better-sqlite3 is synchronous by design and each write is one short
 * transaction, so there is nothing to gain from a thread; errors become rejections.
 */
export class SqliteHistoryWriter implements HistoryWriterLike {
  constructor(private readonly writer: HistoryWriter) {}

  get location(): string {
    return this.writer.path;
  }

  async record(run: NewExecution): Promise<number> {
    return this.writer.record(run);
  }

  async recordBatch(runs: readonly NewExecution[]): Promise<RecordOutcome[]> {
    return this.writer.recordBatch(runs);
  }

  async recordMany(
    runs: Iterable<NewExecution> | AsyncIterable<NewExecution>,
    options?: RecordManyOptions,
  ): Promise<RecordManyResult> {
    if (Symbol.iterator in runs) return this.writer.recordMany(runs, options);
    // An asynchronous source cannot feed a synchronous transaction: write it in chunks.
    const batchSize = options?.batchSize ?? 2000;
    const total: RecordManyResult = { executions: 0, metrics: 0, alerts: 0, duplicates: 0 };
    let chunk: NewExecution[] = [];
    const flush = (): void => {
      const counts = this.writer.recordMany(chunk, { batchSize });
      total.executions += counts.executions;
      total.metrics += counts.metrics;
      total.alerts += counts.alerts;
      total.duplicates += counts.duplicates;
      chunk = [];
    };
    for await (const run of runs) {
      chunk.push(run);
      if (chunk.length >= batchSize) flush();
    }
    if (chunk.length > 0) flush();
    return total;
  }

  async pruneOlderThan(days: number, now?: Date | string): Promise<PruneResult> {
    return this.writer.pruneOlderThan(days, now);
  }

  async close(): Promise<void> {
    this.writer.close();
  }
}
