import assert from 'node:assert/strict';
import { roundTo } from '../../src/index.js';

/** How closely one field must agree: exactly, to a number of decimals, or relatively. */
type Tolerance = 'exact' | number | 'relative';

const EXACT_FIELDS = new Set([
  'count',
  'index',
  'data_points',
  'period_days',
  'baseline_size',
  'recent_size',
  'threshold_pct',
  'threshold',
  'percentile',
  'iqr_k',
  'outliers_removed',
  'filtered_data_points',
  'original_data_points',
  'recent_period_days',
  'historical_period_days',
  'recent_samples',
  'historical_samples',
]);

// Decimals runner.py rounds each field to (analytics-reference.md); the path disambiguates
// names used twice (`mean` is 2 decimals in percentiles, 4 in data_characteristics).
const ROUNDED: Array<[RegExp, number]> = [
  [/\/slope$/, 6],
  [/\/(intercept|slope_pct_per_run)$/, 2],
  [/\/r_squared$/, 4],
  [/\/(z_score|modified_z|percentage|outlier_percentage)$/, 2],
  [/\/(baseline_mean|recent_mean|percent_change|latest_value|first_value)$/, 2],
  [/\/percentiles\/\w+$/, 2],
  [/\/data_characteristics\/coefficient_of_variation$/, 2],
  [/\/data_characteristics\/(mean|median|stddev|range)$/, 4],
  [/\/(baseline|recent_baseline|historical_baseline)$/, 4],
  [/\/baselines\/[^/]+(\/\d+)?\/(min|max)$/, 4],
];

function toleranceOf(path: string): Tolerance {
  const field = path.slice(path.lastIndexOf('/') + 1);
  if (EXACT_FIELDS.has(field)) return 'exact';
  for (const [pattern, digits] of ROUNDED) if (pattern.test(path)) return digits;
  return 'relative';
}

/**
 * Asserts that `actual` has exactly the shape of `expected` (same keys, same array lengths,
 * same strings and booleans) and that every number agrees: counts exactly, rounded fields to
 * one unit in their last rounded digit (and carrying no more decimals than that), unrounded
 * ones to a relative 1e-9.
 */
export function assertAgrees(actual: unknown, expected: unknown, path = ''): void {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${path}: expected a number, got ${JSON.stringify(actual)}`);
    const a = actual as number;
    let tolerance = toleranceOf(path);
    // runner.py leaves some of these fields unrounded in edge cases (the intercept of one value).
    if (typeof tolerance === 'number' && roundTo(expected, tolerance) !== expected) tolerance = 'relative';
    const limit =
      tolerance === 'exact'
        ? 0
        : tolerance === 'relative'
          ? 1e-9 * Math.abs(expected) + 1e-300
          : 10 ** -tolerance * 1.000001;
    assert.ok(Math.abs(a - expected) <= limit, `${path}: ${a} differs from the reference ${expected} (${tolerance})`);
    if (typeof tolerance === 'number') {
      assert.equal(roundTo(a, tolerance), a, `${path}: ${a} is not rounded to ${tolerance} decimals`);
    }
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal(
      actual.length,
      expected.length,
      `${path}: ${actual.length} items, the reference has ${expected.length}`,
    );
    expected.forEach((item, i) => assertAgrees(actual[i], item, `${path}/${i}`));
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(
      actual !== null && typeof actual === 'object',
      `${path}: expected an object, got ${JSON.stringify(actual)}`,
    );
    const actualKeys = Object.keys(actual).filter((k) => (actual as Record<string, unknown>)[k] !== undefined);
    assert.deepEqual(actualKeys.sort(), Object.keys(expected).sort(), `${path}: fields differ`);
    for (const [key, value] of Object.entries(expected)) {
      assertAgrees((actual as Record<string, unknown>)[key], value, `${path}/${key}`);
    }
  } else {
    assert.equal(actual, expected, `${path}: differs from the reference`);
  }
}
