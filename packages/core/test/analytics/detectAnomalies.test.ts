import assert from 'node:assert/strict';
import { detectAnomalies } from '../../src/analytics/detectAnomalies.js';

const SPIKE = [100, 102, 101, 99, 500, 100, 98, 101];

describe('detectAnomalies', () => {
  it('iqr: flags values beyond q1 − t·IQR and q3 + t·IQR with their distance past the fence', () => {
    assert.deepEqual(detectAnomalies(SPIKE), {
      anomalies: [{ index: 4, value: 500, type: 'outlier', deviation: 395 }],
      method: 'iqr',
      count: 1,
      percentage: 12.5,
    });
    assert.equal(detectAnomalies(SPIKE, { method: 'iqr', threshold: 3 }).anomalies[0]!.deviation, 392);
  });

  it('iqr: a value below the lower fence has a negative deviation', () => {
    const result = detectAnomalies([10, 10, 11, 10, 9, 10, 1]);
    assert.deepEqual(result.anomalies, [{ index: 6, value: 1, type: 'outlier', deviation: -6.5 }]);
  });

  it('zscore: flags |z| above the threshold with z to 2 decimals', () => {
    assert.deepEqual(detectAnomalies(SPIKE, { method: 'zscore', threshold: 2 }), {
      anomalies: [{ index: 4, value: 500, type: 'outlier', z_score: 2.47 }],
      method: 'zscore',
      count: 1,
      percentage: 12.5,
    });
  });

  it('mad: flags |0.6745·(v − median)/MAD| above the threshold', () => {
    assert.deepEqual(detectAnomalies(SPIKE, { method: 'mad', threshold: 1.5 }), {
      anomalies: [
        { index: 4, value: 500, type: 'outlier', modified_z: 269.46 },
        { index: 6, value: 98, type: 'outlier', modified_z: -1.69 },
      ],
      method: 'mad',
      count: 2,
      percentage: 25,
    });
  });

  it('finds nothing in constant values by any method (zero spread flags nothing)', () => {
    for (const method of ['iqr', 'zscore', 'mad'] as const) {
      assert.deepEqual(detectAnomalies([0.1, 0.1, 0.1, 0.1, 0.1], { method, threshold: 0 }), {
        anomalies: [],
        method,
        count: 0,
        percentage: 0,
      });
    }
  });

  it('answers with no anomalies and no percentage for fewer than 3 values', () => {
    assert.deepEqual(detectAnomalies([1, 1000]), { anomalies: [], method: 'iqr', count: 0 });
    assert.deepEqual(detectAnomalies([], { method: 'mad' }), { anomalies: [], method: 'mad', count: 0 });
  });

  it('skips NaN and ±Infinity but points each anomaly at its place in the input', () => {
    const result = detectAnomalies([NaN, 100, 102, Infinity, 101, 99, 500, 100, 98, 101]);
    assert.deepEqual(result.anomalies, [{ index: 6, value: 500, type: 'outlier', deviation: 395 }]);
    assert.equal(result.percentage, 12.5);
    assert.deepEqual(detectAnomalies([NaN, 1, -Infinity, 2]), { anomalies: [], method: 'iqr', count: 0 });
  });

  it('refuses an unknown method or a bad threshold with a RangeError naming it', () => {
    assert.throws(() => detectAnomalies(SPIKE, { method: 'bogus' as 'iqr' }), /unknown method 'bogus'/);
    assert.throws(() => detectAnomalies(SPIKE, { threshold: -1 }), /threshold must be a finite number >= 0, got -1/);
    assert.throws(() => detectAnomalies(SPIKE, { threshold: NaN }), /got NaN/);
  });
});
