import assert from 'node:assert/strict';
import { collectRunMetrics, findRegressions, openHistory, type HistoryStore } from '../../src/index.js';
import { FIXTURE_DB, FIXTURE_NOW } from '../helpers/fixture.js';
import { buildHistory, stepRuns, type TestRun } from './buildHistory.js';

const NOW = '2026-11-28T02:00:00';

/** `count` runs of `script` taking `seconds`, the newest `hoursAgo` hours before NOW. */
const runs = (script: string, count: number, seconds: number, hoursAgo: number): TestRun[] =>
  Array.from({ length: count }, (_, i) => ({
    script,
    hoursAgo: hoursAgo + i,
    metrics: { execution_time_seconds: seconds },
  }));

describe('collectRunMetrics', () => {
  describe('over the runner.py fixture', () => {
    let store: HistoryStore;
    before(async () => (store = await openHistory(FIXTURE_DB)));
    after(() => store.close());

    it('reports every script by name under the default limit, with no confirmed regression in 40 short runs', async () => {
      const snapshot = await collectRunMetrics(store, { now: FIXTURE_NOW });
      assert.equal(snapshot.folded_scripts, 0);
      assert.deepEqual(
        snapshot.scripts.map((s) => [s.script_path, s.confirmed_regressions]),
        [
          ['jobs/hangs.py', 0],
          ['jobs/memory_hog.py', 0],
          ['jobs/slow_growing.py', 0],
          ['jobs/flaky.py', 0],
          ['jobs/fast_ok.py', 0],
        ],
      );
    });

    it('refuses a limit that is not a whole number of scripts', async () => {
      await assert.rejects(collectRunMetrics(store, { maxScripts: -1 }), /maxScripts must be a whole number/);
      await assert.rejects(collectRunMetrics(store, { maxScripts: 1.5 }), /maxScripts must be a whole number/);
    });
  });

  describe('with more scripts than the limit', () => {
    let history: ReturnType<typeof buildHistory>;
    let store: HistoryStore;
    before(async () => {
      history = buildHistory(NOW, [
        // Slowed from 1 s to 1.6 s, 300 hours ago: a confirmed regression inside 30 days.
        ...stepRuns('slower.py', 1, 1.6, 20, 20, 280),
        ...runs('a.py', 3, 0.2, 1),
        ...runs('b.py', 2, 7, 2),
        ...runs('other', 4, 40, 400),
        ...runs('c.py', 5, 0.05, 500),
      ]);
      store = await openHistory(history.path);
    });
    after(async () => {
      await store.close();
      history.cleanup();
    });

    it('keeps the most recently run scripts and sums the rest into one "other" entry', async () => {
      const snapshot = await collectRunMetrics(store, { maxScripts: 2, bucketBounds: [0.1, 2, 100], now: NOW });
      assert.deepEqual(
        snapshot.scripts.map((s) => s.script_path),
        ['a.py', 'b.py', 'other'],
      );
      // slower.py, the script named "other" and c.py: 40 + 4 + 5 runs.
      assert.equal(snapshot.folded_scripts, 3);
      const other = snapshot.scripts[2]!;
      assert.equal(other.successes, 49);
      // c.py under 0.1 s, slower.py (±1.5 % around 1 and 1.6 s) under 2 s, the 40 s runs under 100 s.
      assert.deepEqual(other.bucket_counts, [5, 5 + 40, 5 + 40 + 4]);
      assert.ok(Math.abs(other.duration_sum - (5 * 0.05 + 4 * 40 + 20 * 1 + 20 * 1.6)) < 0.5);
      // The gauges follow the newest folded run: slower.py's last, 280 hours ago.
      const slowerLast = (await store.runSummaries({ bucketBounds: [] })).find((s) => s.script_path === 'slower.py')!;
      assert.equal(other.last_start_time, slowerLast.last_start_time);
      assert.equal(other.last_duration_seconds, slowerLast.last_duration_seconds);
      assert.equal(other.confirmed_regressions, 1);
    });

    it('counts a confirmed slowdown inside the window as one regression, and none once the window has passed it', async () => {
      const recent = await collectRunMetrics(store, { now: NOW });
      assert.equal(recent.scripts.find((s) => s.script_path === 'slower.py')!.confirmed_regressions, 1);
      assert.equal(recent.scripts.find((s) => s.script_path === 'a.py')!.confirmed_regressions, 0);
      const later = await collectRunMetrics(store, { now: '2027-01-28T02:00:00' });
      assert.equal(later.scripts.find((s) => s.script_path === 'slower.py')!.confirmed_regressions, 0);
    });

    it('asks the given regression finder (a server’s worker pool) instead of scanning on this thread', async () => {
      const asked: unknown[] = [];
      const snapshot = await collectRunMetrics(store, {
        now: NOW,
        regressionDays: 20,
        findRegressions: (query) => {
          asked.push(query);
          return findRegressions(store, query);
        },
      });
      assert.deepEqual(asked, [{ days: 20, now: NOW }]);
      assert.equal(snapshot.scripts.find((s) => s.script_path === 'slower.py')!.confirmed_regressions, 1);
    });

    it('reports a script named "other" under its own name when nothing is folded', async () => {
      const snapshot = await collectRunMetrics(store, { maxScripts: 5, now: NOW });
      assert.equal(snapshot.folded_scripts, 0);
      assert.equal(snapshot.scripts.find((s) => s.script_path === 'other')!.successes, 4);
    });

    it('folds everything into "other" with a limit of 0', async () => {
      const snapshot = await collectRunMetrics(store, { maxScripts: 0, now: NOW });
      assert.deepEqual(
        snapshot.scripts.map((s) => [s.script_path, s.successes]),
        [['other', 54]],
      );
    });
  });
});
