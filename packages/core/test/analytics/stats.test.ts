import assert from 'node:assert/strict';
import {
  exclusiveQuantile,
  finiteValues,
  iqrFences,
  mean,
  median,
  moments,
  sampleStdDev,
  sortedCopy,
} from '../../src/analytics/stats.js';

// Expected values below are what Python 3.11's statistics module returns for the same input.
describe('stats helpers', () => {
  it('finiteValues drops NaN and ±Infinity and keeps the order', () => {
    assert.deepEqual(finiteValues([3, NaN, 1, Infinity, -Infinity, 2]), [3, 1, 2]);
  });

  it('mean is the correctly rounded exact mean, like statistics.mean (not sum / n)', () => {
    assert.equal(mean([0.1, 0.2, 0.3]), 0.2); // (0.1 + 0.2 + 0.3) / 3 is 0.20000000000000004
    assert.equal(mean([0.1, 0.1, 0.1]), 0.1);
    assert.equal(mean(Array(7).fill(0.1)), 0.1);
    assert.equal(mean([1e308, 1e308]), 1e308);
    assert.equal(mean([1e-300, 3e-300, 2e-300]), 2e-300);
    assert.equal(mean([-1.5, 1.5]), 0);
    assert.ok(Number.isNaN(mean([])));
  });

  it('sampleStdDev is the correctly rounded root of the exact sample variance, like statistics.stdev', () => {
    assert.equal(sampleStdDev([1.5, 2.5, 2.5, 2.75, 3.25, 4.75]), 1.0810874155219827);
    assert.equal(sampleStdDev([0.1, 0.2, 0.3]), 0.09999999999999999);
    assert.equal(sampleStdDev([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 3.0276503540974917);
    assert.equal(sampleStdDev([1e-300, 3e-300, 2e-300]), 1.0000000000000002e-300);
    assert.equal(sampleStdDev([1e300, 3e300, 2e300]), 1e300);
  });

  it('sampleStdDev is exactly 0 for equal values and for fewer than two values', () => {
    assert.equal(sampleStdDev(Array(7).fill(0.1)), 0);
    assert.equal(sampleStdDev([42.42]), 0);
    assert.equal(sampleStdDev([]), 0);
  });

  it('moments gives both in one pass and NaN mean for no values', () => {
    assert.deepEqual(moments([100, 102, 101, 99, 500, 100, 98, 101]), { mean: 150.125, stddev: 141.37633414805626 });
    assert.deepEqual(moments([5]), { mean: 5, stddev: 0 });
    assert.ok(Number.isNaN(moments([]).mean));
  });

  it('median is the middle value or the mean of the two middle ones', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
    assert.ok(Number.isNaN(median([])));
  });

  it('exclusiveQuantile matches statistics.quantiles(method="exclusive")', () => {
    const hundred = sortedCopy(Array.from({ length: 100 }, (_, i) => i + 1));
    assert.equal(exclusiveQuantile(hundred, 19, 20), 95.95);
    assert.equal(exclusiveQuantile(hundred, 99, 100), 99.99);
    const squares = sortedCopy(Array.from({ length: 20 }, (_, i) => (i + 1) ** 2));
    assert.equal(exclusiveQuantile(squares, 19, 20), 398.05);
    // Past the data j is clamped to the last pair and the line through it extrapolates.
    assert.equal(exclusiveQuantile(sortedCopy([1, 2]), 19, 20), 2.85);
  });

  it('iqrFences takes runner.py quartiles sorted[n/4] and sorted[3n/4] without interpolation', () => {
    assert.deepEqual(iqrFences(sortedCopy([100, 102, 101, 99, 500, 100, 98, 101]), 1.5), {
      q1: 100,
      q3: 102,
      lower: 97,
      upper: 105,
    });
  });
});
