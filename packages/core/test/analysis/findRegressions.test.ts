import assert from 'node:assert/strict';
import { findRegressions, openHistory, type HistoryStore } from '../../src/index.js';
import { FIXTURE_NOW, fixtureCopy } from '../helpers/fixture.js';
import { buildHistory, stepRuns } from './buildHistory.js';

const NOW = '2026-11-28T02:00:00';

describe('findRegressions', () => {
  let history: ReturnType<typeof buildHistory>;
  let store: HistoryStore;

  before(async () => {
    history = buildHistory(NOW, [
      // Slowed down 300 hours ago (then ran 20 more times).
      ...stepRuns('older.py', 1, 1.6, 20, 20, 280),
      // Got faster 12 hours ago.
      ...stepRuns('newer.py', 2, 1.2, 25, 12),
      // Steady.
      ...stepRuns('steady.py', 0.5, 0.5, 30, 0),
      // Changed 3 runs ago: too few runs after it to confirm.
      ...stepRuns('recent.py', 1, 2, 25, 3),
    ]);
    store = await openHistory(history.path, { readonly: true });
  });
  after(async () => {
    await store.close();
    history.cleanup();
  });

  it('lists scripts with confirmed changes only, the newest change first, each located at its run', async () => {
    const found = await findRegressions(store, { now: NOW });
    assert.deepEqual(
      found.map((f) => f.script_path),
      ['newer.py', 'older.py'],
    );
    const [newer, older] = found;
    assert.equal(newer!.metric_name, 'execution_time_seconds');
    assert.equal(newer!.change_points.length, 1);
    assert.equal(newer!.change_points[0]!.direction, 'improvement');
    assert.equal(older!.change_points[0]!.direction, 'regression');
    for (const entry of found) {
      const series = await store.metricSeries({
        scriptPath: entry.script_path,
        metricName: entry.metric_name,
        now: NOW,
        days: 30,
      });
      for (const change of entry.change_points) {
        assert.equal(change.confidence, 'confirmed');
        assert.equal(change.execution_id, series[change.index]!.execution_id);
        assert.equal(change.start_time, series[change.index]!.timestamp);
      }
    }
    assert.equal(newer!.change_points[0]!.index, 25);
    assert.equal(older!.change_points[0]!.index, 20);
  });

  it('looks only at the window: a short one leaves the older change out', async () => {
    const found = await findRegressions(store, { days: 5, now: NOW });
    assert.deepEqual(
      found.map((f) => f.script_path),
      ['newer.py'],
    );
  });

  it('answers [] for a metric no run recorded', async () => {
    assert.deepEqual(await findRegressions(store, { metricName: 'no_such_metric', now: NOW }), []);
  });

  it('finds no confirmed change in the short fixture series', async () => {
    const fixture = fixtureCopy();
    const fixtureStore = await openHistory(fixture.path, { readonly: true });
    try {
      const found = await findRegressions(fixtureStore, { now: FIXTURE_NOW });
      for (const entry of found) for (const c of entry.change_points) assert.equal(c.confidence, 'confirmed');
      assert.ok(Array.isArray(found));
    } finally {
      await fixtureStore.close();
      fixture.cleanup();
    }
  });
});
