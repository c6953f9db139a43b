import { scaleByPowerOfTwo } from './exactArithmetic.js';
import { comfortableScale, saturate, scaleDown } from './finiteRange.js';
import { formatFixed, roundTo } from './roundTo.js';
import { finiteValues, iqrFences, mean, median, medianOfSorted, moments, sortedCopy } from './stats.js';

/** How {@link baseline} picks the value a metric normally has. */
export type BaselineMethod = 'intelligent' | 'percentile' | 'iqr';

/** Options of {@link baseline}. */
export interface BaselineOptions {
  /** Default `intelligent`: chosen from the data's variability and range. */
  method?: BaselineMethod;
  /** For `percentile`: 0–100, default 50. */
  percentile?: number;
  /** For `iqr`: fences k interquartile ranges beyond the quartiles, default 1.5. */
  k?: number;
}

/** What `intelligent` looked at before choosing (rounded as runner.py rounds them). */
export interface DataCharacteristics {
  mean: number;
  median: number;
  stddev: number;
  /** Sample stddev / mean · 100, 2 decimals. */
  coefficient_of_variation: number;
  /** max − min. */
  range: number;
  data_points: number;
}

/** Why `intelligent` chose its method; present only on its answers. */
interface Explained {
  reasoning?: string;
  data_characteristics?: DataCharacteristics;
}

/** The value at a percentile of the sorted values (no interpolation). */
export interface PercentileBaseline extends Explained {
  /** 4 decimals. */
  baseline: number;
  percentile: number;
  data_points: number;
  min: number;
  max: number;
  method: 'percentile';
}

/** The median of the values inside the interquartile fences. */
export interface IqrBaseline extends Explained {
  /** 4 decimals. */
  baseline: number;
  method: 'iqr_filtered';
  iqr_k: number;
  outliers_removed: number;
  /** 2 decimals. */
  outlier_percentage: number;
  filtered_data_points: number;
  original_data_points: number;
}

/** `intelligent` with fewer than 3 values: their mean. */
export interface MeanFallbackBaseline {
  /** 4 decimals. */
  baseline: number;
  method: 'mean_fallback';
  reason: 'insufficient_data';
  data_points: number;
}

/** Too little data for the method (analytics-reference.md gives the messages). */
export interface BaselineError extends Explained {
  error: string;
  data_points?: number;
}

/** The answer of {@link baseline}. */
export type BaselineResult = PercentileBaseline | IqrBaseline | MeanFallbackBaseline | BaselineError;

/**
 * A metric's normal value from its history, by runner.py's `BaselineCalculator`
 * (analytics-reference.md, `baseline`). Non-finite values are skipped; too little data
 * gives `{error}` or the mean fallback, never a throw.
 *
 * @throws RangeError for an unknown method, a percentile outside 0–100 or a negative k.
 */
export function baseline(values: readonly number[], options: BaselineOptions = {}): BaselineResult {
  const method = options.method ?? 'intelligent';
  const percentile = options.percentile ?? 50;
  const k = options.k ?? 1.5;
  if (!Number.isFinite(percentile) || percentile < 0 || percentile > 100) {
    throw new RangeError(`baseline: percentile must be a number from 0 to 100, got ${percentile}`);
  }
  if (!Number.isFinite(k) || k < 0) throw new RangeError(`baseline: k must be a finite number >= 0, got ${k}`);
  const y = finiteValues(values);
  switch (method) {
    case 'percentile':
      return percentileBaseline(y, percentile);
    case 'iqr':
      return iqrBaseline(y, k);
    case 'intelligent':
      return intelligentBaseline(y);
    default:
      throw new RangeError(`baseline: unknown method '${String(method)}' (use intelligent, percentile or iqr)`);
  }
}

function percentileBaseline(y: readonly number[], percentile: number): PercentileBaseline | BaselineError {
  if (y.length === 0) return { error: 'No data available' };
  const sorted = sortedCopy(y);
  const at = Math.trunc((sorted.length * percentile) / 100);
  return {
    baseline: roundTo(sorted[Math.min(at, sorted.length - 1)]!, 4),
    percentile,
    data_points: y.length,
    min: roundTo(sorted[0]!, 4),
    max: roundTo(sorted[sorted.length - 1]!, 4),
    method: 'percentile',
  };
}

function iqrBaseline(y: readonly number[], k: number): IqrBaseline | BaselineError {
  if (y.length < 4) return { error: 'Insufficient data for IQR filtering', data_points: y.length };
  // Fences of values near ±1.8e308 overflow; dividing every value by one power of two keeps the same ones inside.
  const scaled = scaleDown(y, comfortableScale(y));
  const { lower, upper } = iqrFences(sortedCopy(scaled), k);
  const kept = y.filter((_, i) => lower <= scaled[i]! && scaled[i]! <= upper);
  const outliers = y.length - kept.length;
  return {
    baseline: roundTo(kept.length > 0 ? median(kept) : median(y), 4),
    method: 'iqr_filtered',
    iqr_k: k,
    outliers_removed: outliers,
    outlier_percentage: roundTo((outliers / y.length) * 100, 2),
    filtered_data_points: kept.length,
    original_data_points: y.length,
  };
}

function intelligentBaseline(y: readonly number[]): BaselineResult {
  if (y.length === 0) return { error: 'No data available' };
  if (y.length < 3) {
    return {
      baseline: roundTo(mean(y), 4),
      method: 'mean_fallback',
      reason: 'insufficient_data',
      data_points: y.length,
    };
  }
  const sorted = sortedCopy(y);
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  const { mean: avg, stddev: sd } = moments(y);
  // The spread of values near ±1.8e308 may exceed a double; measured on scaled values it does not.
  const scale = comfortableScale(y);
  const spread = scale === 0 ? { mean: avg, stddev: sd } : moments(scaleDown(y, scale));
  // stddev / mean is scale-free; the true mean stands in where scaling lost it to underflow.
  const ratio = spread.mean !== 0 ? spread.stddev / spread.mean : scaleByPowerOfTwo(spread.stddev / avg, scale);
  const cv = avg !== 0 ? saturate(ratio * 100) : 0;
  let result: PercentileBaseline | IqrBaseline | BaselineError;
  if (cv > 30) {
    // runner.py attaches its reasoning even when IQR filtering lacks data (n = 3).
    result = iqrBaseline(y, 1.5);
    result.reasoning = `High variability (CV=${formatFixed(cv, 1)}%), using IQR filtering`;
  } else if (y.length >= 10 && avg !== 0 && (max - min) / avg > 0.5) {
    result = percentileBaseline(y, 75);
    result.reasoning = 'Significant value range, using 75th percentile';
  } else {
    result = percentileBaseline(y, 50);
    result.reasoning = 'Low variability, using median (50th percentile)';
  }
  result.data_characteristics = {
    mean: roundTo(avg, 4),
    median: roundTo(medianOfSorted(sorted), 4),
    stddev: roundTo(sd, 4),
    coefficient_of_variation: roundTo(cv, 2),
    range: roundTo(saturate(max - min), 4),
    data_points: y.length,
  };
  return result;
}
