import assert from 'node:assert/strict';
import { analyzeTrend, openHistory } from '../../src/index.js';
import { buildHistory, stepRuns } from './buildHistory.js';

const NOW = '2026-11-28T02:00:00';

describe('analyzeTrend', () => {
  it('answers the reference error when the script has no value in the window', async () => {
    const history = buildHistory(NOW, stepRuns('a.py', 1, 1, 5, 0, 24 * 40));
    const store = await openHistory(history.path, { readonly: true });
    try {
      assert.deepEqual(
        await analyzeTrend(store, { scriptPath: 'a.py', metricName: 'execution_time_seconds', now: NOW }),
        {
          error: 'No data available',
          script_path: 'a.py',
          metric_name: 'execution_time_seconds',
        },
      );
      const wider = await analyzeTrend(store, {
        scriptPath: 'a.py',
        metricName: 'execution_time_seconds',
        days: 60,
        now: NOW,
      });
      assert.ok('data_points' in wider && wider.data_points === 5 && wider.period_days === 60);
    } finally {
      await store.close();
      history.cleanup();
    }
  });

  it('locates a step from 1 s to 1.5 s at the first slow run, with its execution id and start time', async () => {
    const history = buildHistory(NOW, stepRuns('step.py', 1, 1.5, 20, 15));
    const store = await openHistory(history.path, { readonly: true });
    try {
      const trend = await analyzeTrend(store, {
        scriptPath: 'step.py',
        metricName: 'execution_time_seconds',
        now: NOW,
      });
      assert.ok('change_points' in trend);
      assert.equal(trend.data_points, 35);
      assert.equal(trend.first_value, 0.98); // 0.985 is stored just below the tie
      assert.equal(trend.latest_value, 1.51); // 1.5 · 1.0075
      assert.equal(trend.regression.regression_detected, true);
      assert.equal(trend.change_points.length, 1);
      const [change] = trend.change_points;
      const series = await store.metricSeries({
        scriptPath: 'step.py',
        metricName: 'execution_time_seconds',
        now: NOW,
      });
      assert.equal(change!.index, 20);
      assert.equal(change!.execution_id, series[20]!.execution_id);
      assert.equal(change!.start_time, series[20]!.timestamp);
      assert.equal(change!.direction, 'regression');
      assert.equal(change!.confidence, 'confirmed');
    } finally {
      await store.close();
      history.cleanup();
    }
  });

  it('without a script path analyses every script’s runs of the metric together', async () => {
    const history = buildHistory(NOW, [...stepRuns('a.py', 1, 1, 6, 0, 100), ...stepRuns('b.py', 3, 3, 4, 0)]);
    const store = await openHistory(history.path, { readonly: true });
    try {
      const trend = await analyzeTrend(store, { metricName: 'execution_time_seconds', now: NOW });
      assert.ok('data_points' in trend);
      assert.equal(trend.script_path, null);
      assert.equal(trend.data_points, 10);
      assert.equal(trend.trend.trend, 'increasing');
    } finally {
      await store.close();
      history.cleanup();
    }
  });
});
