import assert from 'node:assert/strict';
import { linearRegression } from '../../src/analytics/linearRegression.js';

describe('linearRegression', () => {
  it('fits a perfect line: slope, intercept, r² 1, percent of the mean per run', () => {
    assert.deepEqual(linearRegression([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), {
      slope: 1,
      intercept: 1,
      r_squared: 1,
      trend: 'increasing',
      slope_pct_per_run: 18.18,
    });
  });

  it('rounds slope to 6, intercept to 2 and r² to 4 decimals as runner.py', () => {
    assert.deepEqual(linearRegression([100, 102, 101, 99, 500, 100, 98, 101]), {
      slope: 4.583333,
      intercept: 134.08,
      r_squared: 0.0063,
      trend: 'increasing',
      slope_pct_per_run: 3.05,
    });
  });

  it('calls a falling series decreasing and a slope under 0.01 per run stable', () => {
    assert.equal(linearRegression([10, 8, 6, 4]).trend, 'decreasing');
    assert.equal(linearRegression([0.1031, 0.1032, 0.1051, 0.1065]).trend, 'stable');
  });

  it('gives r² 0 and a stable trend for constant values', () => {
    assert.deepEqual(linearRegression([10, 10, 10, 10]), {
      slope: 0,
      intercept: 10,
      r_squared: 0,
      trend: 'stable',
      slope_pct_per_run: 0,
    });
  });

  it('answers insufficient_data with the only value as intercept for one value, 0 for none', () => {
    assert.deepEqual(linearRegression([4.2]), {
      slope: 0,
      intercept: 4.2,
      r_squared: 0,
      trend: 'insufficient_data',
      slope_pct_per_run: 0,
    });
    assert.deepEqual(linearRegression([]), {
      slope: 0,
      intercept: 0,
      r_squared: 0,
      trend: 'insufficient_data',
      slope_pct_per_run: 0,
    });
  });

  it('drops NaN and ±Infinity before fitting', () => {
    assert.deepEqual(linearRegression([1, NaN, 2, Infinity, 3, -Infinity]), linearRegression([1, 2, 3]));
    assert.equal(linearRegression([NaN, 5, Infinity]).trend, 'insufficient_data');
    assert.equal(linearRegression([NaN, 5, Infinity]).intercept, 5);
  });

  it('reports slope_pct_per_run 0 when the mean is 0', () => {
    const result = linearRegression([-1, 0, 1]);
    assert.equal(result.slope, 1);
    assert.equal(result.slope_pct_per_run, 0);
  });
});
