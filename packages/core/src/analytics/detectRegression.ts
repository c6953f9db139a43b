import { saturate } from './finiteRange.js';
import { roundTo } from './roundTo.js';
import { finiteValues, mean } from './stats.js';

/** Options of {@link detectRegression}. */
export interface RegressionOptions {
  /** Number of latest runs compared with the ones before; default 5. */
  windowSize?: number;
  /** Percentage increase of the mean that counts as a regression; default 10. */
  thresholdPct?: number;
}

/** Too few runs for the comparison: fewer than two windows. */
export interface RegressionInsufficient {
  regression_detected: false;
  reason: 'insufficient_data';
  data_points: number;
}

/** Latest window's mean against the mean of everything before it. */
export interface RegressionComparison {
  regression_detected: boolean;
  /** 2 decimals. */
  baseline_mean: number;
  /** 2 decimals. */
  recent_mean: number;
  /** 2 decimals. */
  percent_change: number;
  threshold_pct: number;
  baseline_size: number;
  recent_size: number;
  /** `high` above 1.5 × the threshold, `medium` above it, else `none`. */
  severity: 'high' | 'medium' | 'none';
}

/** The answer of {@link detectRegression}. */
export type RegressionResult = RegressionInsufficient | RegressionComparison;

/**
 * runner.py's simple regression check: the mean of the last `windowSize` runs against the
 * mean of all earlier runs (analytics-reference.md, `detectRegression`). Non-finite values
 * are skipped; fewer than 2·windowSize finite values give `insufficient_data`.
 *
 * @throws RangeError for a windowSize that is not a positive integer or a non-finite threshold.
 */
export function detectRegression(values: readonly number[], options: RegressionOptions = {}): RegressionResult {
  const windowSize = options.windowSize ?? 5;
  const thresholdPct = options.thresholdPct ?? 10;
  if (!Number.isInteger(windowSize) || windowSize < 1) {
    throw new RangeError(`detectRegression: windowSize must be a positive integer, got ${windowSize}`);
  }
  if (!Number.isFinite(thresholdPct)) {
    throw new RangeError(`detectRegression: thresholdPct must be a finite number, got ${thresholdPct}`);
  }
  const y = finiteValues(values);
  if (y.length < 2 * windowSize) {
    return { regression_detected: false, reason: 'insufficient_data', data_points: y.length };
  }
  const baseline = y.slice(0, -windowSize);
  const recent = y.slice(-windowSize);
  const baselineMean = mean(baseline);
  const recentMean = mean(recent);
  let percentChange = baselineMean === 0 ? 0 : ((recentMean - baselineMean) / baselineMean) * 100;
  // Means of opposite sign near ±1.8e308 overflow their difference, a mean near 0 the quotient.
  if (!Number.isFinite(percentChange))
    percentChange = saturate(((recentMean / 2 - baselineMean / 2) / baselineMean) * 200);
  const detected = percentChange > thresholdPct;
  return {
    regression_detected: detected,
    baseline_mean: roundTo(baselineMean, 2),
    recent_mean: roundTo(recentMean, 2),
    percent_change: roundTo(percentChange, 2),
    threshold_pct: thresholdPct,
    baseline_size: baseline.length,
    recent_size: windowSize,
    severity: percentChange > thresholdPct * 1.5 ? 'high' : detected ? 'medium' : 'none',
  };
}
