import fc from 'fast-check';
import {
  aggregate,
  baseline,
  detectAnomalies,
  detectRegression,
  linearRegression,
  percentiles,
} from '../../src/index.js';
import type { AnomalyMethod } from '../../src/index.js';
import { assertAgrees } from './agreesWithReference.js';
import { runPythonReference } from './pythonReference.js';

const ANOMALY_CONFIGS: Array<[AnomalyMethod, number]> = [
  ['iqr', 1.5],
  ['iqr', 3],
  ['zscore', 1.5],
  ['zscore', 2],
  ['mad', 1.5],
  ['mad', 3.5],
];
const PERCENTILES = [50, 75, 90, 100];

/** Every pure analysis of one series, shaped as analytics_reference.py --pure prints it. */
function pure(values: number[]): unknown {
  return {
    aggregated: values.length > 0 ? aggregate(values) : null,
    linear_regression: linearRegression(values),
    anomalies: ANOMALY_CONFIGS.map(([method, threshold]) => ({
      method,
      threshold,
      result: detectAnomalies(values, { method, threshold }),
    })),
    regression: detectRegression(values),
    regression_3_20: detectRegression(values, { windowSize: 3, thresholdPct: 20 }),
    percentiles: percentiles(values),
    baselines: {
      intelligent: baseline(values),
      iqr: baseline(values, { method: 'iqr' }),
      iqr_3: baseline(values, { method: 'iqr', k: 3 }),
      percentile: PERCENTILES.map((percentile) => baseline(values, { method: 'percentile', percentile })),
    },
  };
}

// Series like the ones histories hold: durations with 4 decimals, counters, percentages,
// flags, constants, step changes and spikes, exact binary ties (k/8), negatives and zeros.
const value = fc.oneof(
  fc.integer({ min: 0, max: 20000 }).map((n) => n / 10000),
  fc.integer({ min: 0, max: 2000 }),
  fc.integer({ min: -80, max: 80 }).map((n) => n / 8),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, 1, 0.1, 0.125, 2.675, 1e-9, 123456.789),
);
const series = fc.oneof(
  fc.array(value, { minLength: 0, maxLength: 12 }),
  fc.array(value, { minLength: 12, maxLength: 130 }),
  fc.tuple(value, fc.integer({ min: 1, max: 40 })).map(([v, n]) => Array<number>(n).fill(v)),
  fc
    .tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 5, max: 60 }), fc.integer({ min: 2, max: 60 }))
    .map(([level, before, after]) => [
      ...Array.from({ length: before }, (_, i) => (level + (i % 7)) / 1000),
      ...Array.from({ length: after }, (_, i) => (level * 1.4 + (i % 5)) / 1000),
    ]),
);

describe('pure analytics agree with the independent Python reference', () => {
  it('for 400 generated series: every field of every analysis, to one unit in the last rounded digit', () => {
    const samples = fc.sample(series, { numRuns: 400, seed: 20261128 });
    const expected = runPythonReference(['--pure'], JSON.stringify(samples)) as unknown[];
    samples.forEach((values, i) => assertAgrees(pure(values), expected[i], `series ${i} ${JSON.stringify(values)}`));
  });

  it('for hand-picked edge cases: empty, one value, two values, constants, exact ties', () => {
    const samples = [[], [5], [1.5, 2.5], [0.1, 0.1, 0.1], [0.125, 0.375, 0.625, 0.875], Array<number>(12).fill(0)];
    const expected = runPythonReference(['--pure'], JSON.stringify(samples)) as unknown[];
    samples.forEach((values, i) => assertAgrees(pure(values), expected[i], `edge ${i}`));
  });
});
