import { aggregate } from '../analytics/aggregate.js';
import type { HistoryStore, MetricQuery } from '../store/HistoryStore.js';
import type { AggregatedStats } from '../types.js';

/**
 * Aggregated statistics per metric name over the runs the query selects (a window of days,
 * the latest N runs, one script, one metric), for `/api/metrics/aggregated` and
 * `/api/metrics/latest`. Metrics without a finite value are left out.
 */
export async function aggregateMetrics(
  store: HistoryStore,
  query: MetricQuery = {},
): Promise<Record<string, AggregatedStats>> {
  const byName = await store.metricValues(query);
  const result: Record<string, AggregatedStats> = {};
  for (const [name, values] of byName) {
    const stats = aggregate(values);
    if (stats.count > 0) result[name] = stats;
  }
  return result;
}
