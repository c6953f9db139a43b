import assert from 'node:assert/strict';
import { percentiles } from '../../src/analytics/percentiles.js';

describe('percentiles', () => {
  it('interpolates linearly at (n − 1)·p/100 and rounds everything to 2 decimals', () => {
    assert.deepEqual(percentiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), {
      min: 1,
      max: 10,
      mean: 5.5,
      median: 5.5,
      p75: 7.75,
      p90: 9.1,
      p95: 9.55,
      p99: 9.91,
      stddev: 3.03,
    });
  });

  it('rounds exact ties to even (mean 150.125 → 150.12)', () => {
    assert.deepEqual(percentiles([100, 102, 101, 99, 500, 100, 98, 101]), {
      min: 98,
      max: 500,
      mean: 150.12,
      median: 100.5,
      p75: 101.25,
      p90: 221.4,
      p95: 360.7,
      p99: 472.14,
      stddev: 141.38,
    });
  });

  it('gives the value itself everywhere and stddev 0 for one value', () => {
    assert.deepEqual(percentiles([3.14159]), {
      min: 3.14,
      max: 3.14,
      mean: 3.14,
      median: 3.14,
      p75: 3.14,
      p90: 3.14,
      p95: 3.14,
      p99: 3.14,
      stddev: 0,
    });
  });

  it('answers {} for no finite values', () => {
    assert.deepEqual(percentiles([]), {});
    assert.deepEqual(percentiles([NaN, Infinity]), {});
  });

  it('skips NaN and ±Infinity', () => {
    assert.deepEqual(percentiles([NaN, 1, 2, -Infinity, 3]), percentiles([1, 2, 3]));
  });
});
