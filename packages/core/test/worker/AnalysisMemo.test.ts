import assert from 'node:assert/strict';
import { AnalysisMemo, openHistory, type HistoryStore } from '../../src/index.js';
import { toLocalIso } from '../../src/timeWindow.js';
import { buildHistory } from '../analysis/buildHistory.js';
import { FIXTURE_NOW, fixtureCopy } from '../helpers/fixture.js';
import { insertRun } from './insertRun.js';

describe('AnalysisMemo', () => {
  describe('over a copy of the runner.py fixture', () => {
    let copy: ReturnType<typeof fixtureCopy>;
    let store: HistoryStore;
    let memo: AnalysisMemo;
    beforeEach(async () => {
      copy = fixtureCopy();
      store = await openHistory(copy.path);
      memo = new AnalysisMemo(store);
    });
    afterEach(async () => {
      await store.close();
      copy.cleanup();
    });

    it('answers a repeated question from memory while nothing was committed', async () => {
      const query = { days: 30, now: FIXTURE_NOW };
      const first = await memo.run('aggregateMetrics', query);
      const again = await memo.run('aggregateMetrics', { days: 30, now: FIXTURE_NOW });
      assert.equal(memo.computations, 1);
      assert.equal(again, first);
      assert.equal(first['execution_time_seconds']!.count, 40);
    });

    it('computes different questions separately', async () => {
      const all = await memo.run('aggregateMetrics', { days: 30, now: FIXTURE_NOW });
      const one = await memo.run('aggregateMetrics', { days: 30, now: FIXTURE_NOW, scriptPath: 'jobs/hangs.py' });
      assert.equal(memo.computations, 2);
      assert.ok(one['execution_time_seconds']!.count < all['execution_time_seconds']!.count);
    });

    it('computes again after another connection commits a run, and the answer includes it', async () => {
      const query = { days: 30, now: FIXTURE_NOW, scriptPath: 'jobs/hangs.py' };
      const before = await memo.run('aggregateMetrics', query);
      insertRun(copy.path, 'jobs/hangs.py', '2026-11-28T01:59:00.000000', 99);
      const after = await memo.run('aggregateMetrics', query);
      assert.equal(memo.computations, 2);
      assert.equal(after['execution_time_seconds']!.count, before['execution_time_seconds']!.count + 1);
      assert.equal(after['execution_time_seconds']!.max, 99);
    });

    it('gives the same answers as the analyses themselves', async () => {
      const stats = await memo.run('executionStatistics', { days: 30, now: FIXTURE_NOW });
      assert.deepEqual(stats, await store.executionStatistics({ days: 30, now: FIXTURE_NOW }));
      const database = await memo.run('databaseStats', undefined);
      assert.deepEqual(database, await store.databaseStats());
    });
  });

  it('notices a run ageing out of a moving "last day" window without any commit', async function () {
    this.timeout(15_000);
    // One run 2 s inside "last 1 day" (a calendar day, as the window counts it, DST or not),
    // outside it two seconds later.
    const now = new Date();
    const edge = new Date(now);
    edge.setDate(edge.getDate() - 1);
    const hoursAgo = (now.getTime() - edge.getTime() - 2000) / 3600_000;
    const history = buildHistory(toLocalIso(now), [
      { script: 'a.py', hoursAgo, metrics: { execution_time_seconds: 5 } },
      { script: 'a.py', hoursAgo: 1, metrics: { execution_time_seconds: 1 } },
    ]);
    const store = await openHistory(history.path);
    try {
      const memo = new AnalysisMemo(store);
      const first = await memo.run('aggregateMetrics', { days: 1 });
      assert.equal(first['execution_time_seconds']!.count, 2);
      assert.equal((await memo.run('aggregateMetrics', { days: 1 }))['execution_time_seconds']!.count, 2);
      assert.equal(memo.computations, 1);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, now.getTime() + 3000 - Date.now())));
      const later = await memo.run('aggregateMetrics', { days: 1 });
      assert.equal(memo.computations, 2);
      assert.deepEqual(later['execution_time_seconds'], {
        count: 1,
        min: 1,
        max: 1,
        avg: 1,
        median: 1,
        p95: 1,
        p99: 1,
        stddev: 0,
      });
    } finally {
      await store.close();
      history.cleanup();
    }
  });
});
