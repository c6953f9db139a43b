import type { HistoryAnalyses, SnapshotMessage } from '@runner-dash/core';
import { toLocalIso } from '../time.js';

/** Where a snapshot's numbers come from: a history store, or the server's worker pool. */
export type SnapshotStats = Pick<HistoryAnalyses, 'databaseStats' | 'executionStatistics' | 'performanceStats'>;

/**
 * Computes the `snapshot` message: database stats, execution statistics and the primary
 * metric's range. Concurrent callers share one computation, so a burst of connecting
 * clients costs one set of queries.
 */
export class SnapshotSource {
  private pending: Promise<SnapshotMessage> | undefined;
  private latest: SnapshotMessage | undefined;

  constructor(private readonly store: SnapshotStats) {}

  /** The last computed snapshot, if any. */
  get cached(): SnapshotMessage | undefined {
    return this.latest;
  }

  /** Computes a fresh snapshot (or joins the computation already running). */
  refresh(): Promise<SnapshotMessage> {
    this.pending ??= this.compute().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** The cached snapshot, computing one the first time (and after {@link invalidate}). */
  async current(): Promise<SnapshotMessage> {
    return this.latest ?? this.refresh();
  }

  /** Forgets the cached snapshot: the history changed, so the next client must not get the old one. */
  invalidate(): void {
    this.latest = undefined;
  }

  private async compute(): Promise<SnapshotMessage> {
    const [stats, executionStatistics, performance] = await Promise.all([
      this.store.databaseStats(),
      this.store.executionStatistics(),
      this.store.performanceStats({ metricName: 'execution_time_seconds' }),
    ]);
    this.latest = {
      type: 'snapshot',
      ...stats,
      execution_statistics: executionStatistics,
      performance_metrics: performance,
      cached_at: toLocalIso(new Date()),
    };
    return this.latest;
  }
}
