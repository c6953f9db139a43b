/**
 * Hostile series for every analytics function of the public API: NaN, ±Infinity, −0, values
 * near ±1.8e308 whose sums and differences overflow, subnormals down to 5e-324, lengths from 0
 * to 100,000. Whatever comes in, nothing throws and every number that comes out is finite —
 * or the answer is the too-little-data one that analytics-reference.md defines.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  aggregate,
  baseline,
  detectAnomalies,
  detectChangePoints,
  detectRegression,
  formatFixed,
  linearRegression,
  percentiles,
  roundTo,
} from '../../src/index.js';

/** Printed so a failure can be replayed with the same inputs. */
const SEED = Number(process.env.RUNNER_DASH_PROPERTY_SEED ?? 0x5eed);
const SHORT_RUNS = 300;
const LONG_RUNS = 4;

const SPECIAL = [
  NaN,
  Infinity,
  -Infinity,
  0,
  -0,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  1e-300,
  2 ** 53 + 2,
  -(2 ** 60),
  1,
  -1,
];

/** Any double, biased towards the ones that break arithmetic, plus ordinary run times. */
const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 3, arbitrary: fc.double() },
  { weight: 4, arbitrary: fc.double({ min: 0.001, max: 1000, noNaN: true }) },
);

/** Short series, sometimes all of one kind (all huge, all tiny, all equal) rather than mixed. */
const shortSeries: fc.Arbitrary<number[]> = fc.oneof(
  fc.array(hostileNumber, { maxLength: 60 }),
  fc.array(fc.constantFrom(1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE), { maxLength: 30 }),
  fc.array(fc.constantFrom(5e-324, -5e-324, 0, -0, 1e-310), { maxLength: 30 }),
  fc
    .tuple(fc.double({ min: -1e308, max: 1e308, noNaN: true }), fc.nat(40))
    .map(([v, n]) => Array.from({ length: n }, () => v)),
);

/**
 * A long series (up to 100,000 values) tiled from a short palette by a seeded generator,
 * so that fast-check need not build or shrink a hundred thousand arbitraries.
 */
const longSeries: fc.Arbitrary<number[]> = fc
  .tuple(fc.array(hostileNumber, { minLength: 1, maxLength: 12 }), fc.integer({ min: 20_000, max: 100_000 }), fc.nat())
  .map(([palette, length, seed]) => {
    let state = seed | 1;
    return Array.from({ length }, () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return palette[(state >>> 0) % palette.length]!;
    });
  });

/** How many inputs are finite: the functions skip the rest. */
const finiteCount = (values: readonly number[]): number => values.filter(Number.isFinite).length;

/** Every number anywhere in `value`, with the path that leads to it. */
function numbersIn(value: unknown, path = '$', out: Array<[string, number]> = []): Array<[string, number]> {
  if (typeof value === 'number') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => numbersIn(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) numbersIn(v, `${path}.${k}`, out);
  return out;
}

function assertAllFinite(result: unknown, label: string): void {
  for (const [path, n] of numbersIn(result))
    if (!Number.isFinite(n)) assert.fail(`${label}: ${path} is ${n} in ${JSON.stringify(result)?.slice(0, 300)}`);
}

function check(
  series: fc.Arbitrary<number[]>,
  runs: number,
  property: (values: number[]) => void,
  shrink = true,
): void {
  // Shrinking a 100,000-value counterexample takes thousands of full runs: report it as found.
  fc.assert(
    fc.property(series, (values) => property(values)),
    { seed: SEED, numRuns: runs, endOnFailure: !shrink },
  );
}

/** Runs the property over many short series and a few long ones. */
function everySeries(name: string, property: (values: number[]) => void): void {
  it(`${name}: short hostile series (0–60 values)`, () => check(shortSeries, SHORT_RUNS, property));
  it(`${name}: long hostile series (20,000–100,000 values)`, () => check(longSeries, LONG_RUNS, property, false));
}

describe(`analytics under hostile input (fast-check seed ${SEED}; set RUNNER_DASH_PROPERTY_SEED to replay)`, () => {
  describe('linearRegression never throws and gives finite numbers', () => {
    everySeries('linearRegression', (values) => {
      const r = linearRegression(values);
      assertAllFinite(r, 'linearRegression');
      if (finiteCount(values) < 2) assert.equal(r.trend, 'insufficient_data');
      else assert.notEqual(r.trend, 'insufficient_data');
      assert.ok(r.r_squared <= 1, `r_squared ${r.r_squared} above 1`);
    });
  });

  for (const method of ['iqr', 'zscore', 'mad'] as const) {
    describe(`detectAnomalies (${method}) never throws, points at finite inputs and gives finite numbers`, () => {
      everySeries(`detectAnomalies ${method}`, (values) => {
        const r = detectAnomalies(values, { method, threshold: method === 'iqr' ? 1.5 : 3 });
        assertAllFinite(r, `detectAnomalies ${method}`);
        const n = finiteCount(values);
        if (n < 3) assert.deepEqual(r, { anomalies: [], method, count: 0 });
        else {
          assert.equal(r.count, r.anomalies.length);
          assert.ok(r.percentage !== undefined && r.percentage >= 0 && r.percentage <= 100);
        }
        for (const a of r.anomalies) assert.equal(a.value, values[a.index], 'an anomaly points at its own input');
      });
    });
  }

  describe('detectRegression never throws and gives finite numbers', () => {
    everySeries('detectRegression', (values) => {
      const r = detectRegression(values);
      assertAllFinite(r, 'detectRegression');
      const n = finiteCount(values);
      if (n < 10) assert.deepEqual(r, { regression_detected: false, reason: 'insufficient_data', data_points: n });
      else assert.ok('baseline_size' in r && r.baseline_size === n - 5);
    });
  });

  describe('percentiles never throws and gives finite, ordered numbers', () => {
    everySeries('percentiles', (values) => {
      const r = percentiles(values);
      assertAllFinite(r, 'percentiles');
      if (finiteCount(values) === 0) return assert.deepEqual(r, {});
      assert.ok('min' in r);
      const ordered = [r.min, r.median, r.p75, r.p90, r.p95, r.p99, r.max];
      for (let i = 1; i < ordered.length; i++)
        assert.ok(ordered[i - 1]! <= ordered[i]!, `percentiles out of order: ${ordered.join(', ')}`);
      assert.ok(r.min <= r.mean && r.mean <= r.max, `mean ${r.mean} outside [${r.min}, ${r.max}]`);
      assert.ok(r.stddev >= 0);
    });
  });

  for (const method of ['intelligent', 'percentile', 'iqr'] as const) {
    describe(`baseline (${method}) never throws and gives finite numbers`, () => {
      everySeries(`baseline ${method}`, (values) => {
        const r = baseline(values, { method });
        assertAllFinite(r, `baseline ${method}`);
        const n = finiteCount(values);
        if (n === 0 && method !== 'iqr') return assert.deepEqual(r, { error: 'No data available' });
        if (method === 'iqr' && n < 4)
          return assert.deepEqual(r, { error: 'Insufficient data for IQR filtering', data_points: n });
        if (method === 'intelligent' && n < 3) {
          assert.ok('method' in r && r.method === 'mean_fallback');
          return;
        }
        assert.ok('baseline' in r || 'error' in r, JSON.stringify(r));
      });
    });
  }

  describe('aggregate never throws and gives finite numbers', () => {
    everySeries('aggregate', (values) => {
      const r = aggregate(values);
      assertAllFinite(r, 'aggregate');
      assert.equal(r.count, finiteCount(values));
      if (r.count === 0) return;
      assert.ok(r.min <= r.median && r.median <= r.max, `median ${r.median} outside [${r.min}, ${r.max}]`);
      assert.ok(r.min <= r.avg && r.avg <= r.max, `avg ${r.avg} outside [${r.min}, ${r.max}]`);
      assert.ok(r.min <= r.p95 && r.p95 <= r.p99 && r.p99 <= r.max, `p95/p99 ${r.p95}/${r.p99} out of range`);
      assert.ok(r.stddev >= 0);
    });
  });

  describe('detectChangePoints never throws and gives finite numbers', () => {
    everySeries('detectChangePoints', (values) => {
      const r = detectChangePoints(values);
      assertAllFinite(r, 'detectChangePoints');
      if (finiteCount(values) < 10) assert.deepEqual(r, []);
      for (const c of r) {
        assert.ok(Number.isFinite(values[c.index]!), 'a change point starts at a finite run');
        assert.ok(c.p_value >= 0 && c.p_value <= 1, `p_value ${c.p_value}`);
      }
    });
  });

  describe('values at the edge of the double range (cases the properties first found)', () => {
    const MAX = Number.MAX_VALUE;
    it('the median of two values near the maximum is not their overflowing sum halved', () => {
      assert.equal(aggregate([MAX, MAX]).median, MAX);
      assert.equal(percentiles([MAX, MAX]).median, MAX);
      assert.equal(aggregate(Array.from({ length: 100 }, () => MAX)).p99, MAX);
    });

    it('a spread beyond every double saturates at the largest one instead of Infinity', () => {
      assert.equal(aggregate([-MAX, MAX]).stddev, MAX);
      const b = baseline([-MAX, MAX, 1]);
      assert.ok('data_characteristics' in b && b.data_characteristics!.range === MAX);
    });

    it('the blend of equal values stays that value (no p95 an ulp above the maximum)', () => {
      const v = -2.7493456074601618e-145;
      assert.equal(aggregate(Array.from({ length: 20 }, () => v)).p95, v);
      assert.deepEqual(percentiles([6.668793004910525e251, 6.668793004910525e251]).p90, 6.668793004910525e251);
    });

    it('linearRegression of huge values is the line of the scaled values, scaled back', () => {
      const r = linearRegression([0, 1e308, 0, 1e308]);
      assert.ok(Math.abs(r.slope / 2e307 - 1) < 1e-12, `slope ${r.slope}`);
      assert.ok(Math.abs(r.intercept / 2e307 - 1) < 1e-12, `intercept ${r.intercept}`);
      assert.equal(r.r_squared, 0.2);
      assert.equal(r.slope_pct_per_run, 40);
      assert.equal(r.trend, 'increasing');
    });

    it('z-scores and modified z-scores of huge values are the ones of the same values scaled down', () => {
      const series = [1, 1, 1, 1, 1, 1, 1, 1, 1, 100];
      const huge = series.map((v) => v * 2 ** 1000);
      assert.deepEqual(detectAnomalies(huge, { method: 'zscore', threshold: 2 }).anomalies, [
        { index: 9, value: 100 * 2 ** 1000, type: 'outlier', z_score: 2.85 },
      ]);
      assert.deepEqual(detectAnomalies(series, { method: 'zscore', threshold: 2 }).anomalies[0]!.z_score, 2.85);
    });

    it('a percentage change from a mean near 0 saturates instead of overflowing', () => {
      const r = detectRegression([...Array.from({ length: 5 }, () => 5e-324), 1, 1, 1, 1, 1]);
      assert.ok('percent_change' in r);
      assert.equal(r.percent_change, MAX);
      assert.equal(r.severity, 'high');
    });
  });

  describe('roundTo and formatFixed agree with each other for every double', () => {
    it('roundTo keeps finite values finite, NaN and ±Infinity unchanged, and matches formatFixed', () => {
      fc.assert(
        fc.property(fc.oneof(fc.constantFrom(...SPECIAL), fc.double()), fc.integer({ min: 0, max: 20 }), (x, d) => {
          const r = roundTo(x, d);
          const text = formatFixed(x, d);
          if (!Number.isFinite(x)) {
            assert.ok(Object.is(r, x));
            assert.match(text, /^(nan|-?inf)$/);
            return;
          }
          assert.ok(Number.isFinite(r), `roundTo(${x}, ${d}) = ${r}`);
          assert.match(text, d === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${d}}$`));
          assert.ok(Object.is(Number(text), r) || Number(text) === r, `formatFixed ${text} vs roundTo ${r}`);
          // Rounding moves a value by at most half a unit of the last decimal (plus the double's own spacing).
          assert.ok(Math.abs(r - x) <= 0.5 * 10 ** -d + Math.abs(x) * 2 ** -52, `roundTo(${x}, ${d}) = ${r}`);
        }),
        { seed: SEED, numRuns: 3000 },
      );
    });
  });
});
