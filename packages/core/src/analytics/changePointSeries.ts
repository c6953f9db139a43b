/**
 * The series the change-point search works on: finite values only (remembering where each came
 * from in the input), on the log scale, with spikes and outliers pulled in so that a single wild
 * run cannot pose as a change in level.
 */
import { comfortableScale } from './finiteRange.js';
import { scaleByPowerOfTwo } from './exactArithmetic.js';

/** Analysed values and their transforms, all of the same length. */
export interface ChangePointSeries {
  /** Position of each analysed value in the caller's array. */
  positions: Int32Array;
  /** The values themselves (for medians, means and rank tests). */
  raw: Float64Array;
  /**
   * log(values) when every value is positive (run times are multiplicative: a change shifts the
   * log by a constant), else the values divided by a power of two that brings their largest
   * magnitude near 1 when it is beyond 2^±400 (so residuals and sums of squares of values near
   * ±1.8e308 or 5e-324 neither overflow nor vanish); then clipped to `clipWidth` robust
   * standard deviations around a running median, and centred near 0 so sums of squares stay
   * exact enough.
   */
  clipped: Float64Array;
  /**
   * 1 for a run that was clipped: so far from its neighbours (over `CLIP_WIDTH` robust standard
   * deviations from the running median) that it is an outlier or part of a spike of 1–3 runs,
   * which the rank tests leave out.
   */
  outlier: Uint8Array;
  /**
   * 1 for a run so far out (over `WILD_WIDTH` robust standard deviations) that even its clipped
   * value would weigh on a mean: left out of the t statistics too. Plain noise almost never
   * gets here, so leaving these out does not shrink the spread the t statistics assume.
   */
  wild: Uint8Array;
}

/** Residuals beyond this many robust standard deviations from the running median are clipped. */
const CLIP_WIDTH = 2.5;
/** Residuals beyond this many robust standard deviations are left out of means altogether. */
const WILD_WIDTH = 4;
/** Half-width of the running median: it keeps steps sharp and ignores bumps of up to 3 runs. */
const MEDIAN_HALF_WIDTH = 3;
/** Median of |y − running median| for standard normal noise (by simulation, 200,000 runs). */
const MEDIAN_DISTANCE_PER_SIGMA = 0.55;

/**
 * Builds the working series from the last `maxPoints` input values. Returns undefined when
 * nothing varies (no finite values, or all equal), since then there is nothing to detect.
 */
export function changePointSeries(values: readonly number[], maxPoints: number): ChangePointSeries | undefined {
  const from = Math.max(0, values.length - maxPoints);
  let count = 0;
  let allPositive = true;
  for (let i = from; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) {
      count++;
      if (v <= 0) allPositive = false;
    }
  }
  const positions = new Int32Array(count);
  const raw = new Float64Array(count);
  const y = new Float64Array(count);
  let j = 0;
  for (let i = from; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) {
      positions[j] = i;
      raw[j] = v;
      y[j] = allPositive ? Math.log(v) : v;
      j++;
    }
  }
  // Logs are always comfortable; raw values near the ends of the double range are not.
  const scale = allPositive ? 0 : comfortableScale(y);
  if (scale !== 0) for (let i = 0; i < count; i++) y[i] = scaleByPowerOfTwo(y[i]!, -scale);
  const medians = new Float64Array(count);
  const window = new Float64Array(2 * MEDIAN_HALF_WIDTH + 1);
  for (let i = 0; i < count; i++) medians[i] = runningMedian(y, i, window);
  const noise = robustNoiseScale(y, medians);
  if (!(noise > 0)) return undefined;
  // Any typical value will do as the centre: the median of the first runs is cheap and robust.
  const head = y.slice(0, Math.min(count, 101));
  const centre = selectInPlace(head, head.length >> 1);
  const clipped = new Float64Array(count);
  const outlier = new Uint8Array(count);
  const wild = new Uint8Array(count);
  const limit = CLIP_WIDTH * noise;
  const wildLimit = WILD_WIDTH * noise;
  for (let i = 0; i < count; i++) {
    const m = medians[i]!;
    const r = y[i]! - m;
    clipped[i] = m - centre + (r > limit ? limit : r < -limit ? -limit : r);
    if (r > limit || r < -limit) outlier[i] = 1;
    if (r > wildLimit || r < -wildLimit) wild[i] = 1;
  }
  return { positions, raw, clipped, outlier, wild };
}

/**
 * Standard deviation of the run-to-run noise, from each run's distance to the running median
 * around it: a level shift barely moves those distances (the running median follows a step),
 * and an outlier spoils only its own. For normal noise the median distance is 0.550·σ.
 * Falls back to the mean distance when more than half are zero (tied integer metrics).
 */
export function robustNoiseScale(y: Float64Array, medians: Float64Array): number {
  const n = y.length;
  if (n < 2) return 0;
  const distances = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(y[i]! - medians[i]!);
    distances[i] = d;
    total += d;
  }
  const med = selectInPlace(distances, n >> 1);
  if (med > 0) return med / MEDIAN_DISTANCE_PER_SIGMA;
  // Mean |distance| of normal noise to the median of seven is about 0.66·σ.
  return total / n / 0.66;
}

/**
 * Median of `y[i − 3 … i + 3]` by a 16-comparator sorting network on locals: the hot loop of
 * the whole analysis, several times faster than sorting a window array.
 */
function medianOfSeven(y: Float64Array, i: number): number {
  let v0 = y[i - 3]!;
  let v1 = y[i - 2]!;
  let v2 = y[i - 1]!;
  let v3 = y[i]!;
  let v4 = y[i + 1]!;
  let v5 = y[i + 2]!;
  let v6 = y[i + 3]!;
  let t: number;
  // Layers 1-2 of the network in full; from layer 3 on, only what still reaches the middle.
  if (v0 > v6) {
    t = v0;
    v0 = v6;
    v6 = t;
  }
  if (v2 > v3) {
    t = v2;
    v2 = v3;
    v3 = t;
  }
  if (v4 > v5) {
    t = v4;
    v4 = v5;
    v5 = t;
  }
  if (v0 > v2) {
    t = v0;
    v0 = v2;
    v2 = t;
  }
  if (v1 > v4) {
    t = v1;
    v1 = v4;
    v4 = t;
  }
  if (v3 > v6) {
    t = v3;
    v3 = v6;
    v6 = t;
  }
  v1 = Math.max(v0, v1);
  if (v2 > v5) {
    t = v2;
    v2 = v5;
    v5 = t;
  }
  if (v3 > v4) {
    t = v3;
    v3 = v4;
    v4 = t;
  }
  v2 = Math.max(v1, v2);
  v4 = Math.min(v4, v6);
  v3 = Math.max(v2, v3);
  v4 = Math.min(v4, v5);
  return Math.min(v3, v4);
}

/**
 * Median of the seven runs nearest to `i`: centred on it, except within three runs of either
 * end, where the window stays seven runs wide against that end. A window cut short there would
 * let a spike of 2–3 runs in the newest runs outvote the runs before it, so the spike would
 * pass for the level instead of being flagged. (Series under seven runs use all of them.)
 */
function runningMedian(y: Float64Array, i: number, window: Float64Array): number {
  const n = y.length;
  const width = 2 * MEDIAN_HALF_WIDTH + 1;
  if (n >= width) {
    const centre = Math.min(Math.max(i, MEDIAN_HALF_WIDTH), n - 1 - MEDIAN_HALF_WIDTH);
    return medianOfSeven(y, centre);
  }
  // Insertion sort: seven elements are faster sorted by hand than by any library call.
  for (let a = 0; a < n; a++) {
    const v = y[a]!;
    let b = a - 1;
    while (b >= 0 && window[b]! > v) {
      window[b + 1] = window[b]!;
      b--;
    }
    window[b + 1] = v;
  }
  return n % 2 === 1 ? window[n >> 1]! : (window[(n >> 1) - 1]! + window[n >> 1]!) / 2;
}

/** The k-th smallest value (0-based), partially reordering `a` (Hoare's quickselect). */
export function selectInPlace(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}
