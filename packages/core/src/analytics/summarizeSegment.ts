/**
 * What a change point reports about the runs on each side of it.
 */
import { selectInPlace } from './changePointSeries.js';
import { scaleByPowerOfTwo } from './exactArithmetic.js';
import { comfortableScale, midpoint, saturate } from './finiteRange.js';

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
  return midpoint(lower, upper);
}

/** Median, mean and count of the runs on one side of a change point. */
export function summarizeSegment(values: Float64Array): ChangePointSegment {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  const mean = Number.isFinite(total) ? total / values.length : scaledMean(values);
  return { median: median(values), mean, n: values.length };
}

/**
 * Mean of values whose plain sum overflowed (runs near ±1.8e308): summed after dividing by a
 * power of two, which changes no digit, then scaled back.
 */
function scaledMean(values: Float64Array): number {
  const scale = comfortableScale(values);
  let total = 0;
  for (let i = 0; i < values.length; i++) total += scaleByPowerOfTwo(values[i]!, -scale);
  return saturate(scaleByPowerOfTwo(total / values.length, scale));
}

/**
 * (after − before) / |before| · 100: the change of a level in percent. When the difference
 * of two huge levels overflows, each is divided by |before| first; a percentage beyond every
 * double (a level from a subnormal one) saturates. NaN when `before` is 0.
 */
export function percentChange(before: number, after: number): number {
  if (before === 0) return NaN;
  const plain = ((after - before) / Math.abs(before)) * 100;
  if (Number.isFinite(plain)) return plain;
  return saturate((after / Math.abs(before) - before / Math.abs(before)) * 100);
}
