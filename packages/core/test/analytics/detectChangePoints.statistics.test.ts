import assert from 'node:assert/strict';
import { changePointSeries } from '../../src/analytics/changePointSeries.js';
import { mannWhitney } from '../../src/analytics/mannWhitney.js';
import { pooledT } from '../../src/analytics/pooledT.js';
import { maxSplitPValue, normalTwoSided, tToZ } from '../../src/analytics/splitPValue.js';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);
const close = (actual: number, expected: number, relative: number): void =>
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.abs(expected),
    `${actual} is not within ${relative} of ${expected}`,
  );

describe('detectChangePoints statistics', () => {
  describe('mannWhitney', () => {
    it('gives the exact two-sided p-value for small groups without ties (as scipy method="exact")', () => {
      // scipy.stats.mannwhitneyu(..., method='exact').pvalue
      close(mannWhitney(f64([1, 2, 3, 4, 5]), f64([6, 7, 8, 9, 10])).p, 0.007936507936507936, 1e-12);
      close(
        mannWhitney(f64([0.5, 2.1, 3.3, 1.7, 4.2, 0.9, 2.8]), f64([3.9, 5.1, 2.5, 6.3, 4.8, 5.5])).p,
        0.013986013986013986,
        1e-12,
      );
      close(
        mannWhitney(f64(Array.from({ length: 36 }, (_, i) => i)), f64([100, 101, 102, 103])).p,
        2.18842324105482e-5,
        1e-9,
      );
    });

    it('signs z by direction: positive when the later group is higher', () => {
      assert.ok(mannWhitney(f64([1, 2, 3, 4, 5]), f64([6, 7, 8, 9, 10])).z > 2.6);
      assert.ok(mannWhitney(f64([6, 7, 8, 9, 10]), f64([1, 2, 3, 4, 5])).z < -2.6);
    });

    it('uses the normal approximation with the tie correction when values tie (as scipy method="asymptotic")', () => {
      // scipy: mannwhitneyu([1,1,2,2,3],[3,4,4,5,5], method='asymptotic', use_continuity=False)
      close(mannWhitney(f64([1, 1, 2, 2, 3]), f64([3, 4, 4, 5, 5])).p, 0.010909498364269283, 1e-6);
    });

    it('says nothing for empty or all-tied groups', () => {
      assert.deepEqual(mannWhitney(f64([]), f64([1, 2])), { p: 1, z: 0 });
      assert.deepEqual(mannWhitney(f64([2, 2, 2]), f64([2, 2])), { p: 1, z: 0 });
    });

    it('does not modify its inputs', () => {
      const a = f64([3, 1, 2]);
      const b = f64([9, 7, 8]);
      mannWhitney(a, b);
      assert.deepEqual(Array.from(a), [3, 1, 2]);
      assert.deepEqual(Array.from(b), [9, 7, 8]);
    });
  });

  describe('tToZ', () => {
    it("matches Student's t tails (scipy 2·t.sf)", () => {
      close(normalTwoSided(tToZ(3, 10)), 0.01334365502256957, 1e-5);
      close(normalTwoSided(tToZ(5, 28)), 2.7733414997812672e-5, 1e-4);
      close(tToZ(2.228138851986274, 10), 1.959963984540054, 1e-5);
    });

    it('leaves large degrees of freedom and infinite t alone', () => {
      assert.equal(tToZ(3.1, 5000), 3.1);
      assert.equal(tToZ(-Infinity, 10), Infinity);
    });
  });

  describe('maxSplitPValue', () => {
    it('agrees with a simulation of the best split of pure noise', () => {
      // Seeded Gaussian noise: how often does some split of 100 runs (5 or more per side) reach |z| > 3?
      let state = 12345;
      const uniform = (): number => {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        return (state + 0.5) / 4294967296;
      };
      const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
      const length = 100;
      const reps = 4000;
      let exceed = 0;
      const y = new Float64Array(length);
      for (let r = 0; r < reps; r++) {
        let total = 0;
        for (let i = 0; i < length; i++) total += y[i] = normal();
        let left = 0;
        let max = 0;
        for (let k = 1; k < length; k++) {
          left += y[k - 1]!;
          if (k < 5 || k > length - 5) continue;
          const z = Math.abs(left / k - (total - left) / (length - k)) / Math.sqrt(1 / k + 1 / (length - k));
          if (z > max) max = z;
        }
        if (max > 3) exceed++;
      }
      const approx = maxSplitPValue(3, length, 5);
      const observed = exceed / reps;
      const se = Math.sqrt((approx * (1 - approx)) / reps);
      assert.ok(Math.abs(observed - approx) < 3.5 * se, `simulated ${observed}, approximation ${approx}`);
      // The search costs: a single test at z = 3 would claim 0.0027.
      assert.ok(approx > 10 * normalTwoSided(3));
    });

    it('is never below the single-test p-value, and 0 for an infinite statistic', () => {
      assert.ok(maxSplitPValue(2, 12, 5) >= normalTwoSided(2));
      assert.equal(maxSplitPValue(Infinity, 100, 5), 0);
      assert.equal(maxSplitPValue(NaN, 100, 5), 1);
    });
  });

  describe('pooledT', () => {
    it("gives Student's pooled t and its degrees of freedom (as scipy ttest_ind, equal_var=True)", () => {
      // Means 3 and 8, each group's squares 10: pooled variance 20/8, standard error 1.
      assert.deepEqual(pooledT([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]), { t: 5, dof: 8 });
      // scipy.stats.ttest_ind([0.5, 2.1, 3.3, 1.7], [3.9, 5.1, 2.5]).statistic = -2.0826154857474264
      const r = pooledT([3.9, 5.1, 2.5], [0.5, 2.1, 3.3, 1.7]);
      close(r.t, -2.0826154857474264, 1e-12);
      assert.equal(r.dof, 5);
    });

    it('answers ±Infinity for separate groups without spread, 0 for equal ones or too few values', () => {
      assert.deepEqual(pooledT([2, 2, 2], [3, 3]), { t: Infinity, dof: 3 });
      assert.deepEqual(pooledT([3, 3], [2, 2, 2]), { t: -Infinity, dof: 3 });
      assert.deepEqual(pooledT([2, 2], [2, 2]), { t: 0, dof: 2 });
      assert.deepEqual(pooledT([1], [5]), { t: 0, dof: 0 });
      assert.deepEqual(pooledT([], [1, 2, 3]), { t: 0, dof: 1 });
    });
  });

  describe('changePointSeries', () => {
    it('flags a spike of one to three runs as outliers even in the newest runs', () => {
      // Alternating ±2 % around 1: the only spread the running median sees.
      for (const width of [1, 2, 3]) {
        const values = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 0.98 : 1.02) * (i >= 40 - width ? 2.5 : 1));
        const series = changePointSeries(values, 5000)!;
        const flagged = Array.from(series.outlier.subarray(30)).join('');
        assert.equal(flagged, '0'.repeat(10 - width) + '1'.repeat(width), `spike of ${width}`);
      }
    });
  });
});
