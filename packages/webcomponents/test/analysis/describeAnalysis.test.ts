import assert from 'node:assert/strict';
import { describeAnalysis, describeChange } from '../../src/analysis/describeAnalysis.js';
import type { ChangePointJson, TrendAnalysis } from '../../src/data/apiTypes.js';

const change: ChangePointJson = {
  index: 6,
  execution_id: 418,
  start_time: '2026-11-28T01:36:32.088850',
  change_percent: 12.2,
  p_value: 0.0003,
  direction: 'regression',
  confidence: 'confirmed',
  before: { median: 0.1, mean: 0.1, n: 6 },
  after: { median: 0.1122, mean: 0.112, n: 8 },
};

describe('describeAnalysis', () => {
  it('says a change point in plain words: how much, which way, since which run, how sure', () => {
    assert.deepEqual(describeChange(change, 'execution_time_seconds'), {
      kind: 'change',
      tone: 'bad',
      text: '12 % slower since run 418 (median 100 ms → 112.2 ms), p = 0.0003.',
    });
    const better = describeChange(
      {
        ...change,
        direction: 'improvement',
        change_percent: -4.26,
        confidence: 'suspected',
        after: { median: 1, mean: 1, n: 3 },
      },
      'cpu_max',
    );
    assert.equal(better.tone, 'good');
    assert.equal(
      better.text,
      '4.3 % lower since run 418 (median 0.1 % → 1 %), p = 0.0003; suspected, only 3 runs since.',
    );
  });

  it('turns a whole trend analysis into verdict, changes, regression, anomalies and baseline', () => {
    const analysis: TrendAnalysis = {
      script_path: 'jobs/slow_growing.py',
      metric_name: 'execution_time_seconds',
      data_points: 10,
      trend: { slope: 0.02, intercept: 0.1, r_squared: 0.83, trend: 'increasing', slope_pct_per_run: 9.5 },
      anomalies: { anomalies: [{ index: 2, value: 0.5, type: 'outlier' }], method: 'iqr', count: 1, percentage: 10 },
      regression: {
        regression_detected: true,
        baseline_mean: 0.15,
        recent_mean: 0.26,
        percent_change: 73.33,
        threshold_pct: 10,
        baseline_size: 5,
        recent_size: 5,
        severity: 'high',
      },
      change_points: [change],
    };
    const findings = describeAnalysis(
      analysis,
      {
        baseline: 0.205,
        method: 'percentile',
        reasoning: 'Significant value range, using 75th percentile',
        data_characteristics: {
          mean: 0.2,
          median: 0.2,
          stddev: 0.07,
          coefficient_of_variation: 35.12,
          range: 0.2,
          data_points: 10,
        },
      },
      [11, 12, 13],
    );
    assert.deepEqual(
      findings.map((f) => f.kind),
      ['verdict', 'change', 'regression', 'anomalies', 'baseline'],
    );
    assert.equal(findings[0]!.text, 'Getting slower over 10 runs: 9.5 % per run on average (r² = 0.83).');
    assert.equal(findings[2]!.text, 'The last 5 runs average 260 ms, 73 % above the 5 before them (high severity).');
    assert.equal(findings[3]!.text, '1 unusual run (10 %): run #13 (500 ms).');
    assert.equal(
      findings[4]!.text,
      'Baseline 205 ms: Significant value range, using 75th percentile (variation 35.12 %).',
    );
  });

  it('reports steadiness and the absence of changes as good news', () => {
    const findings = describeAnalysis({
      script_path: 'a.py',
      metric_name: 'execution_time_seconds',
      data_points: 8,
      trend: { slope: 0, intercept: 0.1, r_squared: 0.1, trend: 'stable', slope_pct_per_run: 0.2 },
      anomalies: { anomalies: [], method: 'iqr', count: 0 },
      regression: { regression_detected: false },
      change_points: [],
    });
    assert.deepEqual(
      findings.map((f) => [f.kind, f.tone]),
      [
        ['verdict', 'good'],
        ['change', 'good'],
        ['anomalies', 'good'],
      ],
    );
  });

  it('says there is nothing to analyse when the window has no runs', () => {
    const [only] = describeAnalysis({ script_path: 'gone.py', metric_name: 'cpu_max', error: 'No data available' });
    assert.equal(only!.text, 'No runs of gone.py in this window, so nothing to analyse.');
  });
});
