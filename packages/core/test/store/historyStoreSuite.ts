import assert from 'node:assert/strict';
import { DEFAULT_DURATION_BUCKETS, type HistoryStore } from '../../src/index.js';
import { FIXTURE_NOW } from '../helpers/fixture.js';

/** A writable history holding the fixture's 40 runs, and a second connection to commit more. */
export interface WritableHistory {
  store: HistoryStore;
  /** Commits one run per script path, all in one transaction, from another connection. */
  commitRuns(scriptPaths: string[]): Promise<void>;
  cleanup(): Promise<void>;
}

/** How the shared suite reaches one store implementation. */
export interface StoreHarness {
  /** Called in the suite's `before` (with its mocha context, so it may skip). */
  setUp(ctx: Mocha.Context): Promise<void>;
  tearDown(): Promise<void>;
  /** The runner.py fixture's history, read-only. */
  openFixture(): Promise<HistoryStore>;
  /** What `location` and `database_file` say for the fixture's history. */
  fixtureLocation(): string;
  /** A fresh writable copy of the fixture. */
  openCopy(): Promise<WritableHistory>;
}

/**
 * The one HistoryStore suite: every store implementation runs it unchanged over the same
 * data (the runner.py fixture) and must give exactly these answers.
 */
export function historyStoreSuite(name: string, harness: StoreHarness): void {
  describe(`${name} over the runner.py fixture`, () => {
    let store: HistoryStore;
    before(async function () {
      await harness.setUp(this);
      store = await harness.openFixture();
    });
    after(async () => {
      await store?.close();
      await harness.tearDown();
    });

    it('says where the history lives and that it is read-only', () => {
      assert.equal(store.location, harness.fixtureLocation());
      assert.equal(store.readonly, true);
    });

    it('lists the five scripts, most recently run first, with their success rates', async () => {
      const scripts = await store.listScripts();
      assert.deepEqual(
        scripts.map((s) => [s.path, s.execution_count, s.successful_runs, s.success_rate]),
        [
          ['jobs/hangs.py', 2, 0, 0],
          ['jobs/memory_hog.py', 4, 4, 100],
          ['jobs/slow_growing.py', 10, 10, 100],
          ['jobs/flaky.py', 14, 10, 71.43],
          ['jobs/fast_ok.py', 10, 10, 100],
        ],
      );
      assert.equal(scripts[0]!.last_execution, '2026-11-28T01:36:49.501876');
    });

    it('pages executions newest first with the total count', async () => {
      const page = await store.listExecutions({ limit: 5, offset: 0 });
      assert.equal(page.total, 40);
      assert.deepEqual(
        page.rows.map((r) => r.id),
        [40, 39, 38, 37, 36],
      );
      const next = await store.listExecutions({ limit: 5, offset: 5 });
      assert.deepEqual(
        next.rows.map((r) => r.id),
        [35, 34, 33, 32, 31],
      );
      assert.equal((await store.listExecutions({ offset: 100 })).rows.length, 0);
    });

    it("finds the flaky script's failed first attempts and their successful retries", async () => {
      const failed = await store.listExecutions({ scriptPath: 'jobs/flaky.py', success: false });
      assert.equal(failed.total, 4);
      assert.ok(failed.rows.every((r) => r.exit_code === 2 && r.attempt_number === 1 && !r.success));
      const retries = (await store.listExecutions({ scriptPath: 'jobs/flaky.py', limit: 100 })).rows.filter(
        (r) => r.attempt_number === 2,
      );
      assert.deepEqual(
        retries.map((r) => r.id).sort((a, b) => a - b),
        [3, 10, 17, 24],
      );
      assert.ok(retries.every((r) => r.success && r.exit_code === 0));
    });

    it('finds the two timeouts by exit code -1', async () => {
      const timeouts = await store.listExecutions({ exitCode: -1 });
      assert.equal(timeouts.total, 2);
      assert.deepEqual(
        timeouts.rows.map((r) => [r.id, r.script_path, r.timed_out, r.timestamp]),
        [
          [40, 'jobs/hangs.py', true, '2026-11-28 01:36:50'],
          [39, 'jobs/hangs.py', true, '2026-11-28 01:36:49'],
        ],
      );
    });

    it('returns a whole execution with all its metrics and alerts, undefined when absent', async () => {
      const run = await store.getExecution(35);
      assert.ok(run);
      assert.equal(run.script_path, 'jobs/memory_hog.py');
      assert.equal(run.execution_time_seconds, 0.4093);
      assert.equal(Object.keys(run.metrics).length, 33);
      assert.ok(run.metrics.memory_max_mb! > 80, 'the memory hog holds 80 MiB');
      assert.deepEqual(run.alerts, []);
      const timeout = await store.getExecution(39);
      assert.equal(timeout?.timeout_seconds, 1);
      assert.equal(timeout?.timed_out, true);
      assert.equal(Object.keys(timeout?.metrics ?? {}).length, 11);
      assert.equal(await store.getExecution(9999), undefined);
    });

    it("gives the slowing script's duration series oldest first, its newest points under a limit", async () => {
      const all = await store.metricSeries({
        scriptPath: 'jobs/slow_growing.py',
        metricName: 'execution_time_seconds',
      });
      assert.deepEqual(
        all.map((p) => p.value),
        [0.1027, 0.1096, 0.1057, 0.2058, 0.2053, 0.2049, 0.2048, 0.205, 0.3092, 0.3087],
      );
      assert.deepEqual(all[0], { execution_id: 4, timestamp: '2026-11-28T01:36:26.272153', value: 0.1027 });
      const last3 = await store.metricSeries({
        scriptPath: 'jobs/slow_growing.py',
        metricName: 'execution_time_seconds',
        limit: 3,
      });
      assert.deepEqual(
        last3.map((p) => p.execution_id),
        [28, 31, 34],
      );
    });

    it('applies day windows against a pinned now', async () => {
      const inWindow = await store.metricSeries({ metricName: 'execution_time_seconds', days: 1, now: FIXTURE_NOW });
      assert.equal(inWindow.length, 40);
      const later = await store.metricSeries({
        metricName: 'execution_time_seconds',
        days: 1,
        now: '2026-11-29T02:00:00',
      });
      assert.equal(later.length, 0, 'the fixture is more than a day old on the 29th at 02:00');
      const edge = await store.listExecutions({ days: 1, now: '2026-11-29T01:36:40.000000' });
      assert.equal(edge.total, 15, 'runs started at or after 01:36:40 the day before');
    });

    it('groups metric values per name in run order, optionally over the latest N runs', async () => {
      const values = await store.metricValues({ scriptPath: 'jobs/fast_ok.py' });
      assert.equal(values.size, 33);
      assert.equal(values.get('execution_time_seconds')?.length, 10);
      assert.equal(values.get('execution_time_seconds')?.[0], 0.1031);
      const latest = await store.metricValues({ metricName: 'execution_time_seconds', latest: 3 });
      assert.deepEqual([...latest.keys()], ['execution_time_seconds']);
      assert.deepEqual(latest.get('execution_time_seconds'), [0.411, 1.0201, 1.0191]);
    });

    it('lists the 33 metric names and 5 script paths, sorted', async () => {
      const names = await store.availableMetrics();
      assert.equal(names.length, 33);
      assert.deepEqual(names, [...names].sort());
      assert.ok(names.includes('execution_time_seconds') && names.includes('page_faults_minor'));
      assert.deepEqual(await store.scriptPaths(), [
        'jobs/fast_ok.py',
        'jobs/flaky.py',
        'jobs/hangs.py',
        'jobs/memory_hog.py',
        'jobs/slow_growing.py',
      ]);
    });

    it('counts the database: runs, metric rows, scripts, time and size', async () => {
      const stats = await store.databaseStats();
      assert.equal(stats.total_executions, 40);
      assert.equal(stats.total_metrics, 1268);
      assert.equal(stats.total_alerts, 0);
      assert.equal(stats.unique_scripts, 5);
      assert.equal(stats.total_execution_time_seconds, 8.07);
      assert.equal(stats.database_file, harness.fixtureLocation());
      assert.ok(stats.database_size_mb > 0);
      assert.equal(stats.oldest_execution, '2026-11-28T01:36:23.982614');
      assert.equal(stats.newest_execution, '2026-11-28T01:36:49.501876');
    });

    it('counts successes, failures and timeouts', async () => {
      assert.deepEqual(await store.executionStatistics(), {
        total_executions: 40,
        successful: 34,
        failed: 6,
        timed_out: 2,
        success_rate: 85,
      });
      assert.deepEqual(await store.executionStatistics({ scriptPath: 'jobs/flaky.py', days: 7, now: FIXTURE_NOW }), {
        total_executions: 14,
        successful: 10,
        failed: 4,
        timed_out: 0,
        success_rate: 71.43,
      });
    });

    it('gives min, max, mean and count of one metric', async () => {
      const perf = await store.performanceStats({ metricName: 'execution_time_seconds', scriptPath: 'jobs/hangs.py' });
      assert.equal(perf.count, 2);
      assert.equal(perf.min, 1.0191);
      assert.equal(perf.max, 1.0201);
      assert.ok(Math.abs(perf.avg! - 1.0196) < 1e-12);
      const none = await store.performanceStats({ metricName: 'no_such_metric' });
      assert.deepEqual(none, { metric_name: 'no_such_metric', count: 0, min: null, max: null, avg: null });
    });

    it('streams every execution oldest first with its metrics', async () => {
      const ids: number[] = [];
      let metricCount = 0;
      for await (const row of store.exportRows()) {
        ids.push(row.execution.id);
        metricCount += Object.keys(row.metrics).length;
      }
      assert.deepEqual(
        ids,
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
      assert.equal(metricCount, 1268);
      const only: Array<Record<string, number>> = [];
      for await (const row of store.exportRows({ scriptPath: 'jobs/hangs.py', metricName: 'timed_out' }))
        only.push(row.metrics);
      assert.deepEqual(only, [{ timed_out: 1 }, { timed_out: 1 }]);
    });

    it('summarises runs per script by outcome with cumulative duration buckets and the newest run', async () => {
      const summaries = await store.runSummaries({ bucketBounds: [0.1, 0.25, 0.5, 1] });
      assert.deepEqual(
        summaries.map((s) => [s.script_path, s.successes, s.failures, s.timeouts, s.bucket_counts]),
        [
          ['jobs/hangs.py', 0, 0, 2, [0, 0, 0, 0]],
          ['jobs/memory_hog.py', 4, 0, 0, [0, 0, 4, 4]],
          ['jobs/slow_growing.py', 10, 0, 0, [0, 8, 10, 10]],
          ['jobs/flaky.py', 10, 4, 0, [0, 14, 14, 14]],
          ['jobs/fast_ok.py', 10, 0, 0, [1, 10, 10, 10]],
        ],
      );
      const hangs = summaries[0]!;
      assert.ok(Math.abs(hangs.duration_sum - 2.0392) < 1e-9);
      assert.equal(hangs.last_start_time, '2026-11-28T01:36:49.501876');
      assert.equal(hangs.last_duration_seconds, 1.0191);
      for (const s of await store.runSummaries({ bucketBounds: DEFAULT_DURATION_BUCKETS })) {
        assert.equal(s.bucket_counts.at(-1), s.successes + s.failures + s.timeouts, s.script_path);
      }
    });
  });

  describe(`${name} change detection`, () => {
    let copy: WritableHistory;
    before(async function () {
      await harness.setUp(this);
    });
    afterEach(async () => copy?.cleanup());
    after(() => harness.tearDown());

    it('sees nothing new while idle, then exactly the runs another connection committed', async () => {
      copy = await harness.openCopy();
      const store = copy.store;
      const start = await store.pollChanges();
      assert.equal(start.cursor.maxExecutionId, 40);
      const idle = await store.pollChanges(start.cursor);
      assert.equal(idle.changed, false);
      assert.deepEqual(idle.executions, []);

      await copy.commitRuns(['a.py', 'b.py']);

      const next = await waitForChange(store, start.cursor);
      assert.equal(next.changed, true);
      assert.deepEqual(
        next.executions.map((e) => [e.id, e.script_path]),
        [
          [41, 'a.py'],
          [42, 'b.py'],
        ],
      );
      assert.equal(next.cursor.maxExecutionId, 42);
      const again = await store.pollChanges(next.cursor);
      assert.equal(again.changed, false);
    });
  });
}

/**
 * Polls until something changed (at most 2 s): SQLite sees a commit at once, PostgreSQL
 * once its notification has arrived, a few milliseconds later.
 */
async function waitForChange(
  store: HistoryStore,
  cursor: Awaited<ReturnType<HistoryStore['pollChanges']>>['cursor'],
): Promise<Awaited<ReturnType<HistoryStore['pollChanges']>>> {
  const until = Date.now() + 2000;
  for (;;) {
    const changes = await store.pollChanges(cursor);
    if (changes.changed || Date.now() > until) return changes;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
