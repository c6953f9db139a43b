import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { aggregateMetrics, analyzeTrend, openHistory, recordRun, type HistoryStore } from '@runner-dash/core';
import { FIXTURE_DB, fixtureCopy } from '../helpers/fixture.js';

const JOBS = join(FIXTURE_DB, '..', 'jobs');
const sink = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

// Acceptance of the foundation issue: runs the recorder appends to a runner.py history are
// indistinguishable from runner.py's own in every query.
describe('runs recorded beside runner.py runs', function () {
  this.timeout(30_000);
  let copy: ReturnType<typeof fixtureCopy>;
  let store: HistoryStore;
  const ids: number[] = [];

  before(async () => {
    copy = fixtureCopy();
    mkdirSync(join(copy.dir, 'jobs'));
    copyFileSync(join(JOBS, 'fast_ok.py'), join(copy.dir, 'jobs', 'fast_ok.py'));
    for (let i = 0; i < 2; i++) {
      const result = await recordRun({
        command: 'jobs/fast_ok.py',
        db: copy.path,
        cwd: copy.dir,
        stdin: 'ignore',
        stdout: sink(),
        stderr: sink(),
      });
      assert.equal(result.exitCode, 0);
      ids.push(result.attempts[0]!.executionId);
    }
    store = await openHistory(copy.path);
  });
  after(async () => {
    await store?.close();
    copy?.cleanup();
  });

  it('continues the fixture ids', () => {
    assert.deepEqual(ids, [41, 42]);
  });

  it('counts them in the script summary and the database statistics', async () => {
    const fastOk = (await store.listScripts()).find((s) => s.path === 'jobs/fast_ok.py');
    assert.equal(fastOk?.execution_count, 12);
    assert.equal(fastOk?.successful_runs, 12);
    assert.equal((await store.listScripts())[0]!.path, 'jobs/fast_ok.py', 'now the most recently run script');
    const stats = await store.databaseStats();
    assert.equal(stats.total_executions, 42);
    assert.ok(stats.total_metrics > 1268);
    assert.equal((await store.executionStatistics()).successful, 36);
  });

  it('lists them first among executions, filtered by script, with their detail', async () => {
    const page = await store.listExecutions({ scriptPath: 'jobs/fast_ok.py', limit: 3 });
    assert.equal(page.total, 12);
    assert.deepEqual(
      page.rows.map((r) => r.id),
      [42, 41, 32],
    );
    const detail = await store.getExecution(42);
    assert.equal(detail?.script_path, 'jobs/fast_ok.py');
    assert.equal(detail?.stdout_lines, 1);
    assert.equal(detail?.metrics.success, 1);
    assert.equal(detail?.metrics.execution_time_seconds, detail?.execution_time_seconds);
  });

  it('extends the metric series, the aggregates and the trend of the script', async () => {
    const series = await store.metricSeries({ scriptPath: 'jobs/fast_ok.py', metricName: 'execution_time_seconds' });
    assert.equal(series.length, 12);
    assert.deepEqual(
      series.slice(-2).map((p) => p.execution_id),
      [41, 42],
    );
    const aggregated = await aggregateMetrics(store, { scriptPath: 'jobs/fast_ok.py' });
    assert.equal(aggregated.execution_time_seconds?.count, 12);
    // runner.py sampled 9 of its 10 fast_ok runs (run 29 ended before its first sample); ours add 2.
    assert.equal(aggregated.cpu_max?.count, 11, 'the recorder records runner.py metric names');
    assert.equal(aggregated.memory_max_mb?.count, 11);
    const trend = await analyzeTrend(store, {
      scriptPath: 'jobs/fast_ok.py',
      metricName: 'execution_time_seconds',
      days: 1,
    });
    assert.ok('data_points' in trend);
    assert.equal(trend.data_points, 12);
    assert.equal(trend.latest_value, Math.round(series[11]!.value * 100) / 100);
  });

  it('adds no metric name runner.py does not use, and exports them with the rest', async () => {
    const fixture = await openHistory(FIXTURE_DB);
    const before = await fixture.availableMetrics();
    await fixture.close();
    const after = await store.availableMetrics();
    assert.deepEqual(after, before);
    const exported: number[] = [];
    for await (const row of store.exportRows({ scriptPath: 'jobs/fast_ok.py' })) exported.push(row.execution.id);
    assert.deepEqual(exported.slice(-2), [41, 42]);
  });
});
