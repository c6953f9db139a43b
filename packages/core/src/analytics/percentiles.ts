import { roundTo } from './roundTo.js';
import { finiteValues, medianOfSorted, moments, sortedCopy, type Sorted } from './stats.js';

/** The spread of a series, every field to 2 decimals. */
export interface PercentileResult {
  min: number;
  max: number;
  mean: number;
  median: number;
  p75: number;
  p90: number;
  p95: number;
  p99: number;
  /** Sample standard deviation, 0 for a single value. */
  stddev: number;
}

/** Linear interpolation between the two sorted values around position (n − 1)·p/100. */
function interpolate(sorted: Sorted, p: number): number {
  const position = ((sorted.length - 1) * p) / 100;
  const lower = Math.trunc(position);
  const weight = position % 1;
  if (lower + 1 >= sorted.length) return sorted[lower]!;
  const a = sorted[lower]!;
  const b = sorted[lower + 1]!;
  let blended = a * (1 - weight) + b * weight;
  // Two values near the top of the double range overflow the blend; halving changes no digit of them.
  if (!Number.isFinite(blended)) blended = ((a / 2) * (1 - weight) + (b / 2) * weight) * 2;
  // Rounding can put the blend of two equal values an ulp beside them (a p90 below the median).
  return Math.min(Math.max(blended, a), b);
}

/**
 * Summary percentiles of a series (analytics-reference.md, `percentiles`). Non-finite values
 * are skipped; no finite value gives `{}`.
 */
export function percentiles(values: readonly number[]): PercentileResult | Record<string, never> {
  const y = finiteValues(values);
  if (y.length === 0) return {};
  const sorted = sortedCopy(y);
  const { mean, stddev } = moments(y);
  return {
    min: roundTo(sorted[0]!, 2),
    max: roundTo(sorted[sorted.length - 1]!, 2),
    mean: roundTo(mean, 2),
    median: roundTo(medianOfSorted(sorted), 2),
    p75: roundTo(interpolate(sorted, 75), 2),
    p90: roundTo(interpolate(sorted, 90), 2),
    p95: roundTo(interpolate(sorted, 95), 2),
    p99: roundTo(interpolate(sorted, 99), 2),
    stddev: roundTo(stddev, 2),
  };
}
