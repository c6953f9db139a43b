import assert from 'node:assert/strict';
import { detectRegression } from '../../src/analytics/detectRegression.js';

describe('detectRegression', () => {
  it('compares the mean of the last 5 runs with the mean before them (high above 1.5 × threshold)', () => {
    assert.deepEqual(detectRegression([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), {
      regression_detected: true,
      baseline_mean: 3,
      recent_mean: 8,
      percent_change: 166.67,
      threshold_pct: 10,
      baseline_size: 5,
      recent_size: 5,
      severity: 'high',
    });
  });

  it('is medium between the threshold and 1.5 × the threshold', () => {
    const result = detectRegression([10, 10, 10, 10, 10, 11.2, 11.2, 11.2, 11.2, 11.2]);
    assert.equal(result.regression_detected, true);
    assert.ok('severity' in result && result.severity === 'medium');
    assert.ok('percent_change' in result && result.percent_change === 12);
  });

  it('reports no regression when the recent window got faster', () => {
    const result = detectRegression([1.0, 1.1, 1.2, 1.25, 1.3, 1.2, 1.1, 1.0, 5.0, 1.05, 1.1, 1.15], {
      windowSize: 3,
      thresholdPct: 20,
    });
    assert.deepEqual(result, {
      regression_detected: false,
      baseline_mean: 1.57,
      recent_mean: 1.1,
      percent_change: -30.04,
      threshold_pct: 20,
      baseline_size: 9,
      recent_size: 3,
      severity: 'none',
    });
  });

  it('reports percent_change 0 when the baseline mean is 0', () => {
    const result = detectRegression([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    assert.ok('percent_change' in result && result.percent_change === 0);
    assert.equal(result.regression_detected, false);
  });

  it('answers insufficient_data below two windows of finite values', () => {
    assert.deepEqual(detectRegression([1, 2, 3, 4, 5, 6, 7, 8, 9]), {
      regression_detected: false,
      reason: 'insufficient_data',
      data_points: 9,
    });
    assert.deepEqual(detectRegression([]), { regression_detected: false, reason: 'insufficient_data', data_points: 0 });
    assert.deepEqual(detectRegression([1, 2, 3, 4, 5, 6, 7, 8, 9, NaN, Infinity]), {
      regression_detected: false,
      reason: 'insufficient_data',
      data_points: 9,
    });
  });

  it('refuses a window that is not a positive integer', () => {
    assert.throws(() => detectRegression([1, 2], { windowSize: 0 }), /windowSize must be a positive integer, got 0/);
    assert.throws(() => detectRegression([1, 2], { thresholdPct: Infinity }), /thresholdPct must be a finite number/);
  });
});
