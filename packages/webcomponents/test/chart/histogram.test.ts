import assert from 'node:assert/strict';
import fc from 'fast-check';
import { histogram } from '../../src/chart/histogram.js';

describe('histogram', () => {
  it('counts every finite value exactly once, in bins that tile the range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 400 }),
        (values) => {
          const bins = histogram(values);
          assert.equal(
            bins.reduce((sum, b) => sum + b.count, 0),
            values.length,
          );
          const sorted = [...values].sort((a, b) => a - b);
          assert.equal(bins[0]!.from, sorted[0]);
          assert.equal(bins[bins.length - 1]!.to, sorted[sorted.length - 1]);
          for (let i = 1; i < bins.length; i++)
            assert.ok(Math.abs(bins[i]!.from - bins[i - 1]!.to) < 1e-6 * (1 + Math.abs(bins[i]!.from)));
          assert.ok(bins.length <= 40);
        },
      ),
      { numRuns: Number(process.env.HIST_RUNS ?? 100) },
    );
  });

  it('keeps a range too small to split (subnormal steps) in one bin', () => {
    assert.deepEqual(histogram([0, 5e-324, 0]), [{ from: 0, to: 5e-324, count: 3 }]);
  });

  it('ignores NaN and infinities, and gives nothing for no values', () => {
    assert.deepEqual(histogram([]), []);
    assert.deepEqual(histogram([NaN, Infinity]), []);
    assert.deepEqual(histogram([1, NaN, 1]), [{ from: 1, to: 1, count: 2 }]);
  });

  it('separates two clusters of run times', () => {
    const values = [
      ...Array.from({ length: 20 }, (_, i) => 0.1 + i * 0.0001),
      ...Array.from({ length: 20 }, (_, i) => 0.3 + i * 0.0001),
    ];
    const bins = histogram(values);
    assert.ok(bins.length >= 5);
    assert.equal(bins[0]!.count, 20);
    assert.equal(bins[bins.length - 1]!.count, 20);
  });
});
