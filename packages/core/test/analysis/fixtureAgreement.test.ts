import assert from 'node:assert/strict';
import {
  aggregateMetrics,
  analyzeTrend,
  computeBaseline,
  detectAnomalies,
  openHistory,
  type AnomalyMethod,
  type HistoryStore,
} from '../../src/index.js';
import { FIXTURE_NOW, fixtureCopy } from '../helpers/fixture.js';
import { assertAgrees } from '../reference/agreesWithReference.js';
import { runPythonReference } from '../reference/pythonReference.js';

interface MetricReference {
  values: number[];
  aggregated_30d: unknown;
  aggregated_latest_100: unknown;
  trend_analysis: Record<string, unknown>;
  anomalies: Array<{ method: AnomalyMethod; threshold: number; result: unknown }>;
  baselines: {
    intelligent: unknown;
    iqr: unknown;
    percentile: Array<{ percentile: number }>;
    'time-based': unknown;
  };
}

interface Reference {
  scripts: Record<string, Record<string, MetricReference>>;
  all_scripts: { aggregated_30d: unknown; aggregated_latest_100: unknown };
}

describe('store-level analyses agree with the Python reference over the runner.py fixture', () => {
  let fixture: ReturnType<typeof fixtureCopy>;
  let store: HistoryStore;
  let reference: Reference;

  before(async () => {
    fixture = fixtureCopy();
    reference = runPythonReference([fixture.path, FIXTURE_NOW]) as Reference;
    store = await openHistory(fixture.path, { readonly: true });
  });

  after(async () => {
    await store?.close();
    fixture?.cleanup();
  });

  it('the reference covers every script and metric of the fixture', async () => {
    assert.deepEqual(Object.keys(reference.scripts).sort(), await store.scriptPaths());
    assert.equal(Object.keys(reference.scripts['jobs/fast_ok.py']!).length, 33);
    assert.equal(Object.keys(reference.scripts['jobs/hangs.py']!).length, 11);
  });

  it('aggregated statistics (30 days and latest 100 runs), per script and over all scripts', async () => {
    let compared = 0;
    for (const [scriptPath, metrics] of Object.entries(reference.scripts)) {
      const window = await aggregateMetrics(store, { scriptPath, days: 30, now: FIXTURE_NOW });
      const latest = await aggregateMetrics(store, { scriptPath, latest: 100, now: FIXTURE_NOW });
      assert.deepEqual(Object.keys(latest).sort(), Object.keys(metrics).sort(), scriptPath);
      for (const [metric, ref] of Object.entries(metrics)) {
        assertAgrees(window[metric], ref.aggregated_30d, `${scriptPath}/${metric}/aggregated_30d`);
        assertAgrees(latest[metric], ref.aggregated_latest_100, `${scriptPath}/${metric}/aggregated_latest_100`);
        compared += 2;
      }
    }
    assertAgrees(
      await aggregateMetrics(store, { days: 30, now: FIXTURE_NOW }),
      reference.all_scripts.aggregated_30d,
      'all/aggregated_30d',
    );
    assertAgrees(
      await aggregateMetrics(store, { latest: 100 }),
      reference.all_scripts.aggregated_latest_100,
      'all/latest',
    );
    assert.equal(compared, 2 * (4 * 33 + 11));
  });

  it('aggregates over all 40 runs reach the exclusive-method p95 (count ≥ 20)', async () => {
    const all = await aggregateMetrics(store, { metricName: 'execution_time_seconds', days: 30, now: FIXTURE_NOW });
    const stats = all['execution_time_seconds']!;
    assert.equal(stats.count, 40);
    assert.notEqual(stats.p95, stats.max);
    assertAgrees(
      stats,
      (reference.all_scripts.aggregated_30d as Record<string, unknown>)['execution_time_seconds'],
      'all/execution_time_seconds',
    );
  });

  it('trend analysis of every script and metric, plus change points located at their runs', async () => {
    for (const [scriptPath, metrics] of Object.entries(reference.scripts)) {
      for (const [metricName, ref] of Object.entries(metrics)) {
        const trend = await analyzeTrend(store, { scriptPath, metricName, days: 30, now: FIXTURE_NOW });
        assert.ok('change_points' in trend, `${scriptPath}/${metricName} has data`);
        const { change_points: changePoints, ...runnerPy } = trend;
        assertAgrees(runnerPy, ref.trend_analysis, `${scriptPath}/${metricName}/trend`);
        const series = await store.metricSeries({ scriptPath, metricName, days: 30, now: FIXTURE_NOW });
        assert.deepEqual(
          series.map((p) => p.value),
          ref.values,
        );
        for (const change of changePoints) {
          assert.equal(change.execution_id, series[change.index]!.execution_id);
          assert.equal(change.start_time, series[change.index]!.timestamp);
        }
      }
    }
  });

  it('anomalies by iqr, zscore and mad at two thresholds each over every series', async () => {
    for (const [scriptPath, metrics] of Object.entries(reference.scripts)) {
      for (const [metricName, ref] of Object.entries(metrics)) {
        const values = (await store.metricSeries({ scriptPath, metricName, days: 30, now: FIXTURE_NOW })).map(
          (p) => p.value,
        );
        for (const { method, threshold, result } of ref.anomalies) {
          assertAgrees(
            detectAnomalies(values, { method, threshold }),
            result,
            `${scriptPath}/${metricName}/${method}@${threshold}`,
          );
        }
      }
    }
  });

  it('baselines: intelligent, iqr, percentile 50/75/90/100 and time-based', async () => {
    for (const [scriptPath, metrics] of Object.entries(reference.scripts)) {
      for (const [metricName, ref] of Object.entries(metrics)) {
        const query = { scriptPath, metricName, days: 30, now: FIXTURE_NOW };
        const path = `${scriptPath}/${metricName}/baselines`;
        assertAgrees(
          await computeBaseline(store, { ...query, method: 'intelligent' }),
          ref.baselines.intelligent,
          `${path}/intelligent`,
        );
        assertAgrees(await computeBaseline(store, { ...query, method: 'iqr' }), ref.baselines.iqr, `${path}/iqr`);
        for (const [i, expected] of ref.baselines.percentile.entries()) {
          const actual = await computeBaseline(store, {
            ...query,
            method: 'percentile',
            percentile: expected.percentile,
          });
          assertAgrees(actual, expected, `${path}/percentile/${i}`);
        }
        assertAgrees(
          await computeBaseline(store, { ...query, method: 'time-based' }),
          ref.baselines['time-based'],
          `${path}/time-based`,
        );
      }
    }
  });

  it('the slowing script shows what runner.py users know: increasing trend, high-severity window regression', async () => {
    const trend = await analyzeTrend(store, {
      scriptPath: 'jobs/slow_growing.py',
      metricName: 'execution_time_seconds',
      now: FIXTURE_NOW,
    });
    assert.ok('trend' in trend);
    assert.equal(trend.data_points, 10);
    assert.equal(trend.trend.trend, 'increasing');
    assert.equal(trend.trend.slope, 0.022693);
    assert.deepEqual(trend.regression, {
      regression_detected: true,
      baseline_mean: 0.15,
      recent_mean: 0.25,
      percent_change: 69.06,
      threshold_pct: 10,
      baseline_size: 5,
      recent_size: 5,
      severity: 'high',
    });
  });
});
