import type { AggregatedStats } from '../types.js';
import { exclusiveQuantile, finiteValues, medianOfSorted, moments, sortedCopy } from './stats.js';

/**
 * Aggregated statistics of one metric, unrounded (analytics-reference.md, "Aggregated
 * statistics"): p95 and p99 are exclusive-method cut points once there are 20 and 100 values,
 * and the maximum before that. Non-finite values are skipped; with none left every field is 0
 * (`count: 0` tells the caller there was nothing to aggregate).
 */
export function aggregate(values: readonly number[]): AggregatedStats {
  const y = finiteValues(values);
  const count = y.length;
  if (count === 0) return { count: 0, min: 0, max: 0, avg: 0, median: 0, p95: 0, p99: 0, stddev: 0 };
  const sorted = sortedCopy(y);
  const max = sorted[count - 1]!;
  const { mean, stddev } = moments(y);
  return {
    count,
    min: sorted[0]!,
    max,
    avg: mean,
    median: medianOfSorted(sorted),
    p95: count >= 20 ? exclusiveQuantile(sorted, 19, 20) : max,
    p99: count >= 100 ? exclusiveQuantile(sorted, 99, 100) : max,
    stddev,
  };
}
