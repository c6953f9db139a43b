import assert from 'node:assert/strict';
import { baseline } from '../../src/analytics/baseline.js';

const SPIKE = [100, 102, 101, 99, 500, 100, 98, 101];
const SPIKY_SECONDS = [1.0, 1.1, 1.2, 1.25, 1.3, 1.2, 1.1, 1.0, 5.0, 1.05, 1.1, 1.15];

describe('baseline', () => {
  it('percentile: takes sorted[min(⌊n·p/100⌋, n − 1)] without interpolation', () => {
    assert.deepEqual(baseline([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { method: 'percentile' }), {
      baseline: 6,
      percentile: 50,
      data_points: 10,
      min: 1,
      max: 10,
      method: 'percentile',
    });
    assert.equal(
      (baseline(SPIKY_SECONDS, { method: 'percentile', percentile: 75 }) as { baseline: number }).baseline,
      1.25,
    );
    assert.equal((baseline(SPIKE, { method: 'percentile', percentile: 100 }) as { baseline: number }).baseline, 500);
  });

  it('iqr: the median of the values inside the fences, with what was removed', () => {
    assert.deepEqual(baseline(SPIKY_SECONDS, { method: 'iqr' }), {
      baseline: 1.1,
      method: 'iqr_filtered',
      iqr_k: 1.5,
      outliers_removed: 1,
      outlier_percentage: 8.33,
      filtered_data_points: 11,
      original_data_points: 12,
    });
    assert.equal((baseline(SPIKE, { method: 'iqr', k: 3 }) as { iqr_k: number }).iqr_k, 3);
  });

  it('intelligent: high variability (CV > 30) takes the IQR baseline and says why', () => {
    assert.deepEqual(baseline(SPIKE), {
      baseline: 100,
      method: 'iqr_filtered',
      iqr_k: 1.5,
      outliers_removed: 1,
      outlier_percentage: 12.5,
      filtered_data_points: 7,
      original_data_points: 8,
      reasoning: 'High variability (CV=94.2%), using IQR filtering',
      data_characteristics: {
        mean: 150.125,
        median: 100.5,
        stddev: 141.3763,
        coefficient_of_variation: 94.17,
        range: 402,
        data_points: 8,
      },
    });
  });

  it('intelligent: a wide range over 10+ runs takes the 75th percentile', () => {
    const values = [1, 1.2, 1, 1.1, 1, 1.2, 1.1, 1, 1.7, 1.1];
    const result = baseline(values);
    assert.equal((result as { method: string }).method, 'percentile');
    assert.equal((result as { percentile: number }).percentile, 75);
    assert.equal((result as { reasoning: string }).reasoning, 'Significant value range, using 75th percentile');
    assert.equal((result as { baseline: number }).baseline, 1.2);
  });

  it('intelligent: low variability takes the median, also for constant values', () => {
    assert.deepEqual(baseline([10, 10, 10, 10]), {
      baseline: 10,
      percentile: 50,
      data_points: 4,
      min: 10,
      max: 10,
      method: 'percentile',
      reasoning: 'Low variability, using median (50th percentile)',
      data_characteristics: { mean: 10, median: 10, stddev: 0, coefficient_of_variation: 0, range: 0, data_points: 4 },
    });
  });

  it('intelligent: all-zero values (such as timed_out) take the median instead of dividing by a zero mean', () => {
    const result = baseline(Array(12).fill(0));
    assert.equal((result as { baseline: number }).baseline, 0);
    assert.equal((result as { reasoning: string }).reasoning, 'Low variability, using median (50th percentile)');
  });

  it('intelligent: fewer than 3 values fall back to their mean', () => {
    assert.deepEqual(baseline([1.23456, 2]), {
      baseline: 1.6173,
      method: 'mean_fallback',
      reason: 'insufficient_data',
      data_points: 2,
    });
  });

  it('intelligent: 3 very different values keep runner.py’s IQR error with the reasoning attached', () => {
    const result = baseline([1, 10, 100]);
    assert.equal((result as { error: string }).error, 'Insufficient data for IQR filtering');
    assert.equal((result as { data_points: number }).data_points, 3);
    assert.equal((result as { reasoning: string }).reasoning, 'High variability (CV=148.0%), using IQR filtering');
    assert.equal((result as { data_characteristics: { range: number } }).data_characteristics.range, 99);
  });

  it('answers the reference errors for too little data', () => {
    assert.deepEqual(baseline([]), { error: 'No data available' });
    assert.deepEqual(baseline([], { method: 'percentile' }), { error: 'No data available' });
    assert.deepEqual(baseline([1, 2, 3], { method: 'iqr' }), {
      error: 'Insufficient data for IQR filtering',
      data_points: 3,
    });
    assert.deepEqual(baseline([NaN, Infinity], { method: 'percentile' }), { error: 'No data available' });
  });

  it('skips NaN and ±Infinity', () => {
    assert.deepEqual(baseline([NaN, ...SPIKE, -Infinity]), baseline(SPIKE));
  });

  it('refuses an unknown method, a percentile outside 0–100 or a negative k', () => {
    assert.throws(() => baseline(SPIKE, { method: 'time-based' as 'iqr' }), /unknown method 'time-based'/);
    assert.throws(
      () => baseline(SPIKE, { method: 'percentile', percentile: 101 }),
      /percentile must be a number from 0 to 100, got 101/,
    );
    assert.throws(() => baseline(SPIKE, { method: 'iqr', k: -1 }), /k must be a finite number >= 0, got -1/);
  });
});
