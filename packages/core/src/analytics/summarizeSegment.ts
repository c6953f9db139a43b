/**
 * What a change point reports about the runs on each side of it.
 */
import { selectInPlace } from './changePointSeries.js';

/** The runs on one side of a change point. */
export interface ChangePointSegment {
  median: number;
  mean: number;
  /** Number of runs. */
  n: number;
}

/** Median of values (NaN when empty); the input is not modified. */
export function median(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  const part = values.slice();
  const upper = selectInPlace(part, n >> 1);
  if (n % 2 === 1) return upper;
  // After selection every value left of the middle is ≤ it: the lower middle is their maximum.
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (part[i]! > lower) lower = part[i]!;
  return (lower + upper) / 2;
}

/** Median, mean and count of the runs on one side of a change point. */
export function summarizeSegment(values: Float64Array): ChangePointSegment {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return { median: median(values), mean: total / values.length, n: values.length };
}
