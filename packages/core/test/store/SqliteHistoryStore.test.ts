import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openHistory, type HistoryStore } from '../../src/index.js';
import { FIXTURE_DB, FIXTURE_NOW, fixtureCopy } from '../helpers/fixture.js';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('SqliteHistoryStore over the runner.py fixture', () => {
  let store: HistoryStore;
  const initialHash = sha(FIXTURE_DB);
  before(async () => (store = await openHistory(FIXTURE_DB)));
  after(async () => {
    await store.close();
    assert.equal(sha(FIXTURE_DB), initialHash, 'reading must not change a byte of the file');
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
    const all = await store.metricSeries({ scriptPath: 'jobs/slow_growing.py', metricName: 'execution_time_seconds' });
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
    assert.equal(stats.database_file, FIXTURE_DB);
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
});

describe('SqliteHistoryStore change detection', () => {
  it('sees nothing new while idle, then exactly the runs another connection committed', async () => {
    const { path, cleanup } = fixtureCopy();
    const store = await openHistory(path);
    try {
      const start = await store.pollChanges();
      assert.equal(start.cursor.maxExecutionId, 40);
      const idle = await store.pollChanges(start.cursor);
      assert.equal(idle.changed, false);
      assert.deepEqual(idle.executions, []);

      const writer = new Database(path);
      const insert = writer.prepare(
        `INSERT INTO executions (script_path, start_time, end_time, execution_time_seconds, exit_code, success)
         VALUES (?, '2026-11-28T03:00:00.000000', '2026-11-28T03:00:01.000000', 1.0, 0, 1)`,
      );
      writer.transaction(() => {
        insert.run('a.py');
        insert.run('b.py');
      })();
      writer.close();

      const next = await store.pollChanges(start.cursor);
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
    } finally {
      await store.close();
      cleanup();
    }
  });

  it('waits for a writer holding a lock without blocking the event loop, then answers busy', async () => {
    const { path, cleanup } = fixtureCopy();
    const store = await openHistory(path, { busyWaitMs: 300 });
    const writer = new Database(path);
    try {
      writer.exec('BEGIN EXCLUSIVE');
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      const started = Date.now();
      await assert.rejects(store.listScripts(), (err: unknown) => (err as { code?: string }).code === 'busy');
      clearInterval(timer);
      assert.ok(Date.now() - started >= 300);
      assert.ok(ticks >= 10, `the event loop kept turning while waiting (${ticks} ticks)`);
      writer.exec('ROLLBACK');
      assert.equal((await store.listScripts()).length, 5, 'reads work again once the lock is gone');
    } finally {
      writer.close();
      await store.close();
      cleanup();
    }
  });
});
