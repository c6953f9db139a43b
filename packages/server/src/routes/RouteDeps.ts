import type { HistoryStore } from '@runner-dash/core';

/** What every API router needs: the history and the clock its time windows use. */
export interface RouteDeps {
  store: HistoryStore;
  /** Pinned "now" for time windows (tests); undefined means the current time. */
  now: Date | string | undefined;
}
