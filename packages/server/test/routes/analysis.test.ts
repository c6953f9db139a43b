import assert from 'node:assert/strict';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';

type Json = Record<string, unknown>;

describe('analysis routes over the runner.py fixture', () => {
  let server: FixtureServer;
  const getJson = async (path: string): Promise<Json> => {
    const res = await server.get(path);
    assert.equal(res.status, 200, path);
    return (await res.json()) as Json;
  };
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.stopUnchanged());

  it('analyses the trend of jobs/slow_growing.py: increasing, window regression detected, change points listed', async () => {
    const trend = await getJson('api/analysis/trend?script_path=jobs/slow_growing.py');
    assert.equal(trend.script_path, 'jobs/slow_growing.py');
    assert.equal(trend.metric_name, 'execution_time_seconds');
    assert.equal(trend.data_points, 10);
    assert.equal(trend.period_days, 30);
    assert.equal(trend.first_value, 0.1);
    assert.equal(trend.latest_value, 0.31);
    assert.equal((trend.trend as Json).trend, 'increasing');
    const regression = trend.regression as Json;
    assert.deepEqual(
      [regression.regression_detected, regression.baseline_mean, regression.recent_mean, regression.severity],
      [true, 0.15, 0.25, 'high'],
    );
    assert.deepEqual([(trend.percentiles as Json).min, (trend.percentiles as Json).max], [0.1, 0.31]);
    assert.ok(Array.isArray(trend.change_points));
  });

  it('finds the one fast run of jobs/fast_ok.py as an IQR anomaly', async () => {
    const trend = await getJson('api/analysis/trend?script_path=jobs/fast_ok.py&days=7');
    const anomalies = trend.anomalies as {
      anomalies: Array<{ index: number; value: number }>;
      method: string;
      count: number;
    };
    assert.equal(anomalies.method, 'iqr');
    assert.equal(anomalies.count, 1);
    assert.deepEqual([anomalies.anomalies[0]!.index, anomalies.anomalies[0]!.value], [8, 0.0158]);
  });

  it("answers {error: 'No data available'} for a script without runs", async () => {
    const trend = await getJson('api/analysis/trend?script_path=jobs/never_ran.py');
    assert.equal(trend.error, 'No data available');
  });

  it('computes the intelligent baseline as runner.py chooses it', async () => {
    const slow = await getJson('api/analysis/baseline?script_path=jobs/slow_growing.py');
    assert.equal(slow.method, 'iqr_filtered');
    assert.equal(slow.reasoning, 'High variability (CV=38.1%), using IQR filtering');
    assert.equal(slow.outliers_removed, 0);
    const fast = await getJson('api/analysis/baseline?script_path=jobs/fast_ok.py');
    assert.equal(fast.method, 'percentile');
    assert.equal(fast.percentile, 75);
    assert.equal(fast.baseline, 0.1051);
    assert.equal(fast.reasoning, 'Significant value range, using 75th percentile');
  });

  it('computes percentile, iqr and time-based baselines on request', async () => {
    const median = await getJson(
      'api/analysis/baseline?script_path=jobs/slow_growing.py&method=percentile&percentile=50',
    );
    assert.deepEqual([median.method, median.baseline, median.data_points], ['percentile', 0.205, 10]);
    const iqr = await getJson('api/analysis/baseline?script_path=jobs/memory_hog.py&method=iqr');
    assert.deepEqual([iqr.method, iqr.original_data_points], ['iqr_filtered', 4]);
    const timeBased = await getJson('api/analysis/baseline?script_path=jobs/fast_ok.py&method=time-based');
    assert.deepEqual([timeBased.recent_samples, timeBased.historical_samples, timeBased.status], [10, 10, 'stable']);
  });

  it('refuses an unknown baseline method, naming the parameter', async () => {
    const res = await server.get('api/analysis/baseline?script_path=jobs/fast_ok.py&method=magic');
    assert.equal(res.status, 400);
    assert.match(
      ((await res.json()) as { detail: string }).detail,
      /^method must be one of intelligent, percentile, iqr, time-based/,
    );
  });

  it('lists regressions as an array of scripts with their confirmed change points', async () => {
    const res = await server.get('api/analysis/regressions?days=30');
    assert.equal(res.status, 200);
    const list = (await res.json()) as Array<{ script_path: string; metric_name: string; change_points: Json[] }>;
    assert.ok(Array.isArray(list));
    for (const entry of list) {
      assert.equal(entry.metric_name, 'execution_time_seconds');
      assert.ok(entry.change_points.length > 0);
      for (const point of entry.change_points) {
        assert.equal(point.confidence, 'confirmed');
        assert.equal(typeof point.execution_id, 'number');
      }
    }
  });
});
