/**
 * The few descriptive statistics every analysis shares, defined as Python's `statistics`
 * module defines them (analytics-reference.md), so that our numbers are runner.py's numbers.
 */
import { ExactSum, addExactSquare, roundQuotient, roundSqrtQuotient, scaleByPowerOfTwo } from './exactArithmetic.js';
import { midpoint, saturate } from './finiteRange.js';

/** Sorted values (ascending). */
export type Sorted = Float64Array;

/** The finite values of a series, in order: NaN and ±Infinity say nothing about a run. */
export function finiteValues(values: readonly number[]): number[] {
  return values.filter(Number.isFinite);
}

/** Ascending copy (a typed-array sort: numeric, and several times faster on long series). */
export function sortedCopy(values: readonly number[]): Sorted {
  return Float64Array.from(values).sort();
}

/** Mean and sample standard deviation of a series. */
export interface Moments {
  /** NaN when there are no values. */
  mean: number;
  /** 0 for fewer than two values; Number.MAX_VALUE when the true value exceeds every double. */
  stddev: number;
}

/**
 * Mean and (unless `withStdDev` is false) sample standard deviation (divides by n − 1) in one pass, each the double that
 * Python's `statistics.mean` and 3.11's `statistics.stdev` return: exact sums of x and x²,
 * then one correctly rounded division or square root. So the mean of equal values is
 * exactly that value and their standard deviation exactly 0.
 */
export function moments(values: readonly number[], withStdDev = true): Moments {
  const n = values.length;
  if (n === 0) return { mean: NaN, stddev: 0 };
  let maxAbs = 0;
  for (const v of values) maxAbs = Math.max(maxAbs, Math.abs(v));
  if (maxAbs === 0) return { mean: 0, stddev: 0 };
  // Only finite values have exact sums; callers filter, this keeps a stray NaN visible.
  if (!Number.isFinite(maxAbs)) return { mean: NaN, stddev: NaN };
  // Squares of very large or very small values overflow or underflow; a power-of-two scale
  // brings them near 1 without changing any digit.
  const shift = maxAbs > 2 ** 400 || maxAbs < 2 ** -400 ? -Math.floor(Math.log2(maxAbs)) : 0;
  const sx = new ExactSum();
  const sxx = withStdDev && n > 1 ? new ExactSum() : undefined;
  for (const v of values) {
    const x = shift === 0 ? v : scaleByPowerOfTwo(v, shift);
    sx.add(x);
    if (sxx) addExactSquare(sxx, x);
  }
  const a = sx.toScaled();
  const mean = roundQuotient(a.numerator, a.exponent - shift, BigInt(n));
  if (!sxx) return { mean, stddev: 0 };
  // n·Σx² − (Σx)², over n·(n − 1): the exact sample variance.
  const b = sxx.toScaled();
  const squareExponent = 2 * a.exponent;
  const common = Math.min(squareExponent, b.exponent);
  const numerator =
    ((BigInt(n) * b.numerator) << BigInt(b.exponent - common)) -
    ((a.numerator * a.numerator) << BigInt(squareExponent - common));
  // The spread of values near ±1.8e308 can exceed every double (Python raises there): saturate.
  const stddev = saturate(scaleByPowerOfTwo(roundSqrtQuotient(numerator, common, BigInt(n) * BigInt(n - 1)), -shift));
  return { mean, stddev };
}

/** Arithmetic mean as `statistics.mean` (see {@link moments}); NaN for an empty list. */
export function mean(values: readonly number[]): number {
  return moments(values, false).mean;
}

/** Sample standard deviation as `statistics.stdev` (see {@link moments}); 0 for fewer than two values. */
export function sampleStdDev(values: readonly number[]): number {
  return moments(values).stddev;
}

/** The middle value of sorted data, or the mean of the two middle values. NaN when empty. */
export function medianOfSorted(sorted: Sorted): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : midpoint(sorted[mid - 1]!, sorted[mid]!);
}

/** Median of unsorted values (`statistics.median`). NaN when empty. */
export function median(values: readonly number[]): number {
  return medianOfSorted(sortedCopy(values));
}

/**
 * Cut point `i` of `k` groups by the exclusive method (`statistics.quantiles(method=
 * 'exclusive')`), for sorted data with at least two values: a blend of the j-th and
 * (j+1)-th smallest values with integer weights.
 */
export function exclusiveQuantile(sorted: Sorted, i: number, k: number): number {
  const length = sorted.length;
  const m = length + 1;
  const j = Math.min(Math.max(Math.floor((i * m) / k), 1), length - 1);
  const delta = i * m - j * k;
  const low = sorted[j - 1]!;
  const high = sorted[j]!;
  let cut = (low * (k - delta) + high * delta) / k;
  // Weights up to k overflow values near ±1.8e308; a power-of-two scale changes no digit of them.
  if (!Number.isFinite(cut)) cut = ((low * 2 ** -12 * (k - delta) + high * 2 ** -12 * delta) / k) * 2 ** 12;
  // Rounding can put the blend of two equal values an ulp beside them (a p95 above the maximum);
  // past the data (j clamped, delta > k) the line through the last pair extrapolates on purpose.
  return delta >= 0 && delta <= k ? Math.min(Math.max(cut, low), high) : cut;
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
export function iqrFences(sorted: Sorted, k: number): IqrFences {
  const n = sorted.length;
  const q1 = sorted[Math.floor(n / 4)]!;
  const q3 = sorted[Math.floor((3 * n) / 4)]!;
  const iqr = q3 - q1;
  return { q1, q3, lower: q1 - k * iqr, upper: q3 + k * iqr };
}
