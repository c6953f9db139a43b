import assert from 'node:assert/strict';
import { computeBaseline, openHistory, timeBasedBaseline, type HistoryStore } from '../../src/index.js';
import { buildHistory, type TestRun } from './buildHistory.js';

const NOW = '2026-11-28T02:00:00';
const run = (daysAgo: number, seconds: number): TestRun => ({
  script: 'job.py',
  hoursAgo: daysAgo * 24,
  metrics: { execution_time_seconds: seconds },
});

describe('baselines of a script in a history', () => {
  let history: ReturnType<typeof buildHistory>;
  let store: HistoryStore;

  before(async () => {
    // Old runs took 2 s, the last week's 3 s; one run 40 days ago is outside every window.
    history = buildHistory(NOW, [
      run(40, 100),
      ...[25, 20, 15, 12, 10, 9].map((d) => run(d, 2)),
      ...[6, 4, 2, 1].map((d) => run(d, 3)),
    ]);
    store = await openHistory(history.path, { readonly: true });
  });
  after(async () => {
    await store.close();
    history.cleanup();
  });

  it('time-based: the median of the last 7 days against the last 30 days', async () => {
    assert.deepEqual(
      await timeBasedBaseline(store, { scriptPath: 'job.py', metricName: 'execution_time_seconds', now: NOW }),
      {
        recent_baseline: 3,
        historical_baseline: 2,
        percent_change: 50,
        recent_period_days: 7,
        historical_period_days: 30,
        recent_samples: 4,
        historical_samples: 10,
        status: 'degraded',
      },
    );
  });

  it('time-based: improved below −5 %, and custom windows', async () => {
    const result = await timeBasedBaseline(store, {
      scriptPath: 'job.py',
      metricName: 'execution_time_seconds',
      recentDays: 30,
      historicalDays: 60,
      now: NOW,
    });
    assert.ok('status' in result);
    assert.equal(result.historical_samples, 11);
    assert.equal(result.recent_baseline, 2);
    assert.equal(result.status, 'stable');
  });

  it('time-based: answers the reference error when a window is empty', async () => {
    assert.deepEqual(
      await timeBasedBaseline(store, { scriptPath: 'other.py', metricName: 'execution_time_seconds', now: NOW }),
      {
        error: 'Insufficient data for time-based analysis',
      },
    );
    assert.deepEqual(
      await timeBasedBaseline(store, {
        scriptPath: 'job.py',
        metricName: 'execution_time_seconds',
        now: '2026-12-06T03:00:00',
      }),
      { error: 'Insufficient data for time-based analysis' },
    );
  });

  it('computeBaseline uses the runs of the last `days` days for the value-based methods', async () => {
    const query = { scriptPath: 'job.py', metricName: 'execution_time_seconds', now: NOW };
    const p50 = await computeBaseline(store, { ...query, method: 'percentile', days: 30 });
    assert.ok('baseline' in p50);
    assert.equal(p50.baseline, 2); // sorted[⌊10·0.5⌋] of six 2s and four 3s
    assert.deepEqual(await computeBaseline(store, { ...query, method: 'percentile', percentile: 10, days: 60 }), {
      baseline: 2,
      percentile: 10,
      data_points: 11,
      min: 2,
      max: 100,
      method: 'percentile',
    });
    const iqr = await computeBaseline(store, { ...query, method: 'iqr', days: 60 });
    assert.ok('outliers_removed' in iqr && iqr.outliers_removed === 1);
    const intelligent = await computeBaseline(store, { ...query, days: 30 });
    assert.ok('reasoning' in intelligent);
    assert.equal(intelligent.reasoning, 'Low variability, using median (50th percentile)');
  });

  it('computeBaseline time-based compares 7 with 30 days whatever `days` says', async () => {
    const result = await computeBaseline(store, {
      scriptPath: 'job.py',
      metricName: 'execution_time_seconds',
      method: 'time-based',
      days: 365,
      now: NOW,
    });
    assert.ok('status' in result && result.historical_samples === 10 && result.status === 'degraded');
  });

  it('computeBaseline answers the reference errors for no data and refuses a bad percentile', async () => {
    const query = { scriptPath: 'none.py', metricName: 'execution_time_seconds', now: NOW };
    assert.deepEqual(await computeBaseline(store, query), { error: 'No data available' });
    assert.deepEqual(await computeBaseline(store, { ...query, method: 'iqr' }), {
      error: 'Insufficient data for IQR filtering',
      data_points: 0,
    });
    await assert.rejects(
      computeBaseline(store, { ...query, scriptPath: 'job.py', method: 'percentile', percentile: 150 }),
      /percentile must be a number from 0 to 100, got 150/,
    );
  });
});
