import { scaleByPowerOfTwo } from './exactArithmetic.js';
import { comfortableScale, saturate, scaleDown } from './finiteRange.js';
import { roundTo } from './roundTo.js';
import { iqrFences, median, moments, sortedCopy } from './stats.js';

/** How {@link detectAnomalies} decides that a value is out of line. */
export type AnomalyMethod = 'iqr' | 'zscore' | 'mad';

/** Options of {@link detectAnomalies}. */
export interface AnomalyOptions {
  /** Default `iqr`. */
  method?: AnomalyMethod;
  /** IQR multiplier, |z| or |modified z| limit; default 1.5. */
  threshold?: number;
}

/** One value out of line with the rest. */
export interface Anomaly {
  /** Position in the input array (the run's place in the series). */
  index: number;
  value: number;
  type: 'outlier';
  /** `iqr`: distance beyond the fence it crossed (unrounded). */
  deviation?: number;
  /** `zscore`: standard deviations from the mean, 2 decimals. */
  z_score?: number;
  /** `mad`: 0.6745 · distance from the median / MAD, 2 decimals. */
  modified_z?: number;
}

/** The anomalies of a series; `percentage` is absent when there were too few values to judge. */
export interface AnomalyResult {
  anomalies: Anomaly[];
  method: AnomalyMethod;
  count: number;
  /** count / n · 100, 2 decimals. */
  percentage?: number;
}

const METHODS: readonly AnomalyMethod[] = ['iqr', 'zscore', 'mad'];

/**
 * Values out of line with the rest of the series, by the interquartile-range fences, the
 * z-score or the median absolute deviation (analytics-reference.md, `detectAnomalies`).
 * Non-finite values are skipped; fewer than 3 finite values give no anomalies.
 *
 * @throws RangeError for an unknown method or a threshold that is not a finite number ≥ 0.
 */
export function detectAnomalies(values: readonly number[], options: AnomalyOptions = {}): AnomalyResult {
  const method = options.method ?? 'iqr';
  const threshold = options.threshold ?? 1.5;
  if (!METHODS.includes(method)) {
    throw new RangeError(`detectAnomalies: unknown method '${String(method)}' (use iqr, zscore or mad)`);
  }
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new RangeError(`detectAnomalies: threshold must be a finite number >= 0, got ${threshold}`);
  }
  // Keep each finite value's position in the input so an anomaly points at its run.
  const indices: number[] = [];
  const finite: number[] = [];
  values.forEach((v, i) => {
    if (Number.isFinite(v)) {
      indices.push(i);
      finite.push(v);
    }
  });
  const n = finite.length;
  if (n < 3) return { anomalies: [], method, count: 0 };

  // Fences, z-scores and distances from the median do not change when every value is divided by
  // the same power of two; doing so keeps values near ±1.8e308 from overflowing them.
  const scale = comfortableScale(finite);
  const scaled = scaleDown(finite, scale);
  const anomalies: Anomaly[] = [];
  const flag = (at: number, extra: Partial<Anomaly>): void => {
    anomalies.push({ index: indices[at]!, value: finite[at]!, type: 'outlier', ...extra });
  };
  if (method === 'iqr') {
    const { lower, upper } = iqrFences(sortedCopy(scaled), threshold);
    scaled.forEach((v, i) => {
      if (v < lower || v > upper)
        flag(i, { deviation: saturate(scaleByPowerOfTwo(v - (v > upper ? upper : lower), scale)) });
    });
  } else if (method === 'zscore') {
    const { mean: m, stddev: sd } = moments(scaled);
    scaled.forEach((v, i) => {
      const z = sd > 0 ? (v - m) / sd : 0;
      if (Math.abs(z) > threshold) flag(i, { z_score: roundTo(saturate(z), 2) });
    });
  } else {
    const med = median(scaled);
    const mad = median(scaled.map((v) => Math.abs(v - med)));
    // With MAD 0 (over half the values equal) runner.py flags nothing.
    if (mad > 0) {
      scaled.forEach((v, i) => {
        // A MAD of a few subnormals leaves the quotient unbounded.
        const modifiedZ = saturate((0.6745 * (v - med)) / mad);
        if (Math.abs(modifiedZ) > threshold) flag(i, { modified_z: roundTo(modifiedZ, 2) });
      });
    }
  }
  return { anomalies, method, count: anomalies.length, percentage: roundTo((anomalies.length / n) * 100, 2) };
}
