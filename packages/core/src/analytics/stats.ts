/**
 * The few descriptive statistics every analysis shares, defined as Python's `statistics`
 * module defines them (analytics-reference.md), so that our numbers are runner.py's numbers.
 */
import { ExactSum, addExactSquare, roundQuotient, roundSqrtQuotient } from './exactArithmetic.js';

/** The finite values of a series, in order: NaN and ±Infinity say nothing about a run. */
export function finiteValues(values: readonly number[]): number[] {
  return values.filter(Number.isFinite);
}

/** Ascending copy. Stable with `-0 == 0`, like Python's `sorted`. */
export function sortedCopy(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Plain floating-point fallbacks for the rare sums that overflow exact partials. */
function naiveMean(values: readonly number[]): number {
  let m = 0;
  for (const v of values) m += v / values.length;
  return m;
}

/**
 * Arithmetic mean, correctly rounded from the exact sum as `statistics.mean` is (so the
 * mean of equal values is exactly that value). NaN for an empty list.
 */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sum = new ExactSum();
  for (const v of values) sum.add(v);
  if (!sum.finite) return naiveMean(values);
  const { numerator, exponent } = sum.toScaled();
  return roundQuotient(numerator, exponent, BigInt(values.length));
}

/** The middle value of sorted data, or the mean of the two middle values. NaN when empty. */
export function medianOfSorted(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median of unsorted values (`statistics.median`). NaN when empty. */
export function median(values: readonly number[]): number {
  return medianOfSorted(sortedCopy(values));
}

/**
 * Sample standard deviation (divides by n − 1), 0 for fewer than two values. Computed from
 * the exact sums of x and x², then one correctly rounded square root, as Python 3.11's
 * `statistics.stdev`.
 */
export function sampleStdDev(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const sx = new ExactSum();
  const sxx = new ExactSum();
  for (const v of values) {
    sx.add(v);
    addExactSquare(sxx, v);
  }
  if (!sx.finite || !sxx.finite) return naiveStdDev(values);
  // n·Σx² − (Σx)², over n·(n − 1): the exact sample variance.
  const a = sx.toScaled();
  const b = sxx.toScaled();
  const squareExponent = 2 * a.exponent;
  const common = Math.min(squareExponent, b.exponent);
  const numerator =
    ((BigInt(n) * b.numerator) << BigInt(b.exponent - common)) -
    ((a.numerator * a.numerator) << BigInt(squareExponent - common));
  return roundSqrtQuotient(numerator, common, BigInt(n) * BigInt(n - 1));
}

function naiveStdDev(values: readonly number[]): number {
  const m = naiveMean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}

/**
 * Cut point `i` of `k` groups by the exclusive method (`statistics.quantiles(method=
 * 'exclusive')`), for sorted data with at least two values: a blend of the j-th and
 * (j+1)-th smallest values with integer weights.
 */
export function exclusiveQuantile(sorted: readonly number[], i: number, k: number): number {
  const length = sorted.length;
  const m = length + 1;
  const j = Math.min(Math.max(Math.floor((i * m) / k), 1), length - 1);
  const delta = i * m - j * k;
  return (sorted[j - 1]! * (k - delta) + sorted[j]! * delta) / k;
}

/** Lower and upper fences of the quartile rule runner.py uses for anomalies and baselines. */
export interface IqrFences {
  q1: number;
  q3: number;
  lower: number;
  upper: number;
}

/**
 * Quartiles as runner.py picks them (sorted[⌊n/4⌋] and sorted[⌊3n/4⌋], no interpolation)
 * and the fences `k` interquartile ranges beyond them.
 */
export function iqrFences(sorted: readonly number[], k: number): IqrFences {
  const n = sorted.length;
  const q1 = sorted[Math.floor(n / 4)]!;
  const q3 = sorted[Math.floor((3 * n) / 4)]!;
  const iqr = q3 - q1;
  return { q1, q3, lower: q1 - k * iqr, upper: q3 + k * iqr };
}
