import { scaleByPowerOfTwo } from './exactArithmetic.js';
import { comfortableScale, saturate, scaleDown } from './finiteRange.js';
import { roundTo } from './roundTo.js';
import { finiteValues } from './stats.js';

/** Direction of a least-squares line over runs (analytics-reference.md, `linearRegression`). */
export type TrendDirection = 'increasing' | 'decreasing' | 'stable' | 'flat' | 'insufficient_data';

/** A least-squares line through a series, as runner.py reports it. */
export interface LinearRegressionResult {
  /** Change per run, 6 decimals. */
  slope: number;
  /** Value at the first run, 2 decimals. */
  intercept: number;
  /** Goodness of fit 0–1, 4 decimals. */
  r_squared: number;
  trend: TrendDirection;
  /** slope as a percentage of the mean, 2 decimals. */
  slope_pct_per_run: number;
}

/**
 * Least-squares line through the values against their run number 0, 1, …, n − 1.
 * Fewer than two (finite) values give `insufficient_data`; never throws.
 */
export function linearRegression(values: readonly number[]): LinearRegressionResult {
  const finite = finiteValues(values);
  const n = finite.length;
  if (n < 2) {
    return { slope: 0, intercept: finite[0] ?? 0, r_squared: 0, trend: 'insufficient_data', slope_pct_per_run: 0 };
  }
  // Values near ±1.8e308 (or 5e-324) overflow (underflow) the sums of squares. The line through
  // y / 2^scale is the same line scaled down, with the same r² and percentage per run.
  const scale = comfortableScale(finite);
  const y = scaleDown(finite, scale);
  const up = (x: number): number => saturate(scaleByPowerOfTwo(x, scale));
  // Same order of operations as runner.py, so the rounded results agree to the last digit.
  const xMean = ((n - 1) * n) / 2 / n;
  let yTotal = 0;
  for (const v of y) yTotal += v;
  const yMean = yTotal / n;
  let numerator = 0;
  let denominator = 0;
  for (let i = 0; i < n; i++) {
    const dx = i - xMean;
    numerator += dx * (y[i]! - yMean);
    denominator += dx * dx;
  }
  if (denominator === 0) {
    return { slope: 0, intercept: up(yMean), r_squared: 0, trend: 'flat', slope_pct_per_run: 0 };
  }
  const scaledSlope = numerator / denominator;
  const scaledIntercept = yMean - scaledSlope * xMean;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const residual = y[i]! - (scaledIntercept + scaledSlope * i);
    const deviation = y[i]! - yMean;
    ssRes += residual * residual;
    ssTot += deviation * deviation;
  }
  const rSquared = ssTot !== 0 ? 1 - ssRes / ssTot : 0;
  const slope = up(scaledSlope);
  const trend: TrendDirection = Math.abs(slope) < 0.01 ? 'stable' : slope > 0 ? 'increasing' : 'decreasing';
  return {
    slope: roundTo(slope, 6),
    intercept: roundTo(up(scaledIntercept), 2),
    r_squared: roundTo(rSquared, 4),
    trend,
    // A mean near 0 makes the percentage unbounded; saturated, it still says "enormous".
    slope_pct_per_run: roundTo(yMean !== 0 ? saturate((scaledSlope / yMean) * 100) : 0, 2),
  };
}
