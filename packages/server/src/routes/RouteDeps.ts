import type { HistoryAnalyses, HistoryStore } from '@runner-dash/core';

/** What every API router needs: the history and the clock its time windows use. */
export interface RouteDeps {
  store: HistoryStore;
  /**
   * The heavy questions (aggregates, analyses, whole-database counts): answered off the
   * event loop by a worker pool when the server runs, in-process otherwise.
   */
  analyses: HistoryAnalyses;
  /** Pinned "now" for time windows (tests); undefined means the current time. */
  now: Date | string | undefined;
}
