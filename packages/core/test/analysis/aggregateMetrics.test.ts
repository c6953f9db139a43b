import assert from 'node:assert/strict';
import { aggregateMetrics, openHistory, type HistoryStore } from '../../src/index.js';
import { FIXTURE_NOW, fixtureCopy } from '../helpers/fixture.js';
import { buildHistory } from './buildHistory.js';

describe('aggregateMetrics', () => {
  let fixture: ReturnType<typeof fixtureCopy>;
  let store: HistoryStore;

  before(async () => {
    fixture = fixtureCopy();
    store = await openHistory(fixture.path, { readonly: true });
  });
  after(async () => {
    await store.close();
    fixture.cleanup();
  });

  it('answers every metric of a script, keyed by name', async () => {
    const stats = await aggregateMetrics(store, { scriptPath: 'jobs/memory_hog.py', days: 30, now: FIXTURE_NOW });
    assert.equal(Object.keys(stats).length, 33);
    assert.deepEqual(stats['execution_time_seconds'], {
      count: 4,
      min: 0.4093,
      max: 0.4128,
      // Python's statistics module gives these very doubles.
      avg: 0.410825,
      median: 0.41059999999999997,
      p95: 0.4128,
      p99: 0.4128,
      stddev: 0.0014885675440951041,
    });
  });

  it('narrows to one metric and to the latest N runs', async () => {
    const latest = await aggregateMetrics(store, { scriptPath: 'jobs/hangs.py', metricName: 'timed_out', latest: 1 });
    assert.deepEqual(Object.keys(latest), ['timed_out']);
    assert.equal(latest['timed_out']!.count, 1);
    assert.equal(latest['timed_out']!.avg, 1);
  });

  it('answers {} when the window holds no run', async () => {
    assert.deepEqual(await aggregateMetrics(store, { days: 30, now: '2027-06-01T00:00:00' }), {});
    assert.deepEqual(await aggregateMetrics(store, { scriptPath: 'jobs/none.py' }), {});
  });

  it('skips infinite values a writer stored, and leaves out a metric that has nothing else', async () => {
    const now = '2026-11-28T02:00:00';
    const history = buildHistory(now, [
      { script: 'a.py', hoursAgo: 3, metrics: { execution_time_seconds: 1, weird: Infinity, broken: -Infinity } },
      { script: 'a.py', hoursAgo: 2, metrics: { execution_time_seconds: 2, weird: 5 } },
      { script: 'a.py', hoursAgo: 1, metrics: { execution_time_seconds: 4, weird: 7 } },
    ]);
    const own = await openHistory(history.path, { readonly: true });
    try {
      const stats = await aggregateMetrics(own, { days: 1, now });
      assert.deepEqual(Object.keys(stats).sort(), ['execution_time_seconds', 'weird']);
      assert.equal(stats['weird']!.count, 2);
      assert.equal(stats['weird']!.avg, 6);
      assert.equal(stats['execution_time_seconds']!.stddev, 1.5275252316519468);
    } finally {
      await own.close();
      history.cleanup();
    }
  });
});
