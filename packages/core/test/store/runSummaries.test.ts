import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { DEFAULT_DURATION_BUCKETS, openHistory, type HistoryStore } from '../../src/index.js';
import { createSchema } from '../../src/store/createSchema.js';
import { FIXTURE_DB, tempDir } from '../helpers/fixture.js';

describe('HistoryStore.runSummaries (SQLite)', () => {
  let store: HistoryStore;
  before(async () => (store = await openHistory(FIXTURE_DB)));
  after(() => store.close());

  it('counts each script’s runs by outcome over the runner.py fixture, timeouts apart from failures', async () => {
    const summaries = await store.runSummaries({ bucketBounds: [] });
    assert.deepEqual(
      summaries.map((s) => [s.script_path, s.successes, s.failures, s.timeouts]),
      [
        ['jobs/hangs.py', 0, 0, 2],
        ['jobs/memory_hog.py', 4, 0, 0],
        ['jobs/slow_growing.py', 10, 0, 0],
        ['jobs/flaky.py', 10, 4, 0],
        ['jobs/fast_ok.py', 10, 0, 0],
      ],
    );
  });

  it('gives cumulative bucket counts, the duration sum and the newest run of each script', async () => {
    const summaries = await store.runSummaries({ bucketBounds: [0.1, 0.25, 0.5, 1] });
    const byPath = new Map(summaries.map((s) => [s.script_path, s]));
    assert.deepEqual(byPath.get('jobs/slow_growing.py')!.bucket_counts, [0, 8, 10, 10]);
    assert.deepEqual(byPath.get('jobs/fast_ok.py')!.bucket_counts, [1, 10, 10, 10]);
    assert.deepEqual(byPath.get('jobs/hangs.py')!.bucket_counts, [0, 0, 0, 0]);
    assert.ok(Math.abs(byPath.get('jobs/hangs.py')!.duration_sum - 2.0392) < 1e-9);
    assert.ok(Math.abs(byPath.get('jobs/memory_hog.py')!.duration_sum - 1.6433) < 1e-9);
    assert.equal(byPath.get('jobs/hangs.py')!.last_start_time, '2026-11-28T01:36:49.501876');
    assert.equal(byPath.get('jobs/hangs.py')!.last_duration_seconds, 1.0191);
    assert.equal(byPath.get('jobs/slow_growing.py')!.last_duration_seconds, 0.3087);
    assert.equal(byPath.get('jobs/fast_ok.py')!.last_duration_seconds, 0.105);
  });

  it('accepts the default buckets, every run falling within the last one (an hour)', async () => {
    const summaries = await store.runSummaries({ bucketBounds: DEFAULT_DURATION_BUCKETS });
    for (const s of summaries) {
      assert.equal(s.bucket_counts.length, DEFAULT_DURATION_BUCKETS.length);
      assert.equal(s.bucket_counts.at(-1), s.successes + s.failures + s.timeouts, s.script_path);
    }
  });

  it('refuses bounds that are unsorted, repeated or not finite, naming the bound', async () => {
    await assert.rejects(store.runSummaries({ bucketBounds: [1, 0.5] }), /bucketBounds\[1\] = 0.5 follows 1/);
    await assert.rejects(store.runSummaries({ bucketBounds: [1, 1] }), /ascend strictly/);
    await assert.rejects(store.runSummaries({ bucketBounds: [0.1, Infinity] }), /bucketBounds\[1\] must be a finite/);
  });

  it('answers an empty list for a history without runs', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'empty.db');
    const db = new Database(path);
    createSchema(db);
    db.close();
    const empty = await openHistory(path);
    try {
      assert.deepEqual(await empty.runSummaries({ bucketBounds: [1] }), []);
    } finally {
      await empty.close();
      cleanup();
    }
  });
});
