import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { inProcessAnalyses, openHistory } from '@runner-dash/core';
import { silentLogger, startServer, type RunningServer } from '../src/index.js';
import { FIXTURE_NOW, copyFixture, startFixtureServer, type FixtureServer } from './fixtureServer.js';

/**
 * Adds `runs` runs × 33 metrics to the copy, spread over the 20 days before the fixture's
 * "now", with plain SQL: a history big enough that aggregating it takes a while.
 */
function addRuns(path: string, runs: number): void {
  const db = new Database(path);
  try {
    db.transaction(() => {
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @runs)
         INSERT INTO executions (script_path, script_args, start_time, end_time, execution_time_seconds, exit_code, success)
         SELECT 'bulk/job' || (i % 9) || '.py', '[]',
                strftime('%Y-%m-%dT%H:%M:%f000', @now, '-' || ((@runs - i) * 20 * 86400 / @runs + 60) || ' seconds'),
                strftime('%Y-%m-%dT%H:%M:%f000', @now, '-' || ((@runs - i) * 20 * 86400 / @runs + 59) || ' seconds'),
                1 + (i * 7919 % 1000) / 1000.0, 0, 1
         FROM n`,
      ).run({ runs, now: FIXTURE_NOW });
      db.prepare(
        `WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 32)
         INSERT INTO metrics (execution_id, metric_name, metric_value)
         SELECT e.id, CASE k.j WHEN 0 THEN 'execution_time_seconds' ELSE 'bulk_metric_' || k.j END,
                CASE k.j WHEN 0 THEN e.execution_time_seconds ELSE (e.id * 31 + k.j * 17) % 1009 / 7.0 END
         FROM executions e CROSS JOIN k WHERE e.script_path LIKE 'bulk/%' ORDER BY e.id, k.j`,
      ).run();
    })();
  } finally {
    db.close();
  }
}

/** Commits one run of `script` (1 min before the fixture's "now") as another process would. */
function commitRun(path: string, script: string, seconds: number): void {
  const db = new Database(path);
  try {
    db.transaction(() => {
      const id = db
        .prepare(
          `INSERT INTO executions (script_path, start_time, end_time, execution_time_seconds, exit_code, success)
           VALUES (?, '2026-11-28T01:59:00.000000', '2026-11-28T01:59:01.000000', ?, 0, 1)`,
        )
        .run(script, seconds).lastInsertRowid;
      db.prepare(
        "INSERT INTO metrics (execution_id, metric_name, metric_value) VALUES (?, 'execution_time_seconds', ?)",
      ).run(id, seconds);
    })();
  } finally {
    db.close();
  }
}

async function timedGet(
  server: Pick<RunningServer, 'url'>,
  path: string,
): Promise<{ status: number; ms: number; text: string }> {
  const started = performance.now();
  const res = await fetch(new URL(path, server.url));
  const text = await res.text();
  return { status: res.status, ms: performance.now() - started, text };
}

describe('heavy requests run off the event loop', () => {
  describe('on a history of 12,000 runs × 33 metrics', function () {
    this.timeout(120_000);
    let copy: ReturnType<typeof copyFixture>;
    let server: RunningServer;
    before(async () => {
      copy = copyFixture();
      addRuns(copy.dbPath, 12_000);
      server = await startServer({ dbPath: copy.dbPath, port: 0, now: FIXTURE_NOW, log: silentLogger });
    });
    after(async () => {
      await server?.close();
      copy.cleanup();
    });

    it('keeps /api/health answering while an aggregation of 400k values and a CSV export of everything run', async () => {
      // Windows the server has not warmed, so both are computed now.
      const heavy = Promise.all([
        timedGet(server, 'api/metrics/aggregated?days=29'),
        timedGet(server, 'api/analysis/regressions?days=28'),
        timedGet(server, 'api/export/csv'),
      ]);
      let done = false;
      void heavy.finally(() => (done = true));
      // What "stalled" means: the event loop (this process serves and asks) not turning.
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      let answered = 0;
      while (!done) {
        const h = await timedGet(server, 'api/health');
        assert.equal(h.status, 200);
        answered++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      loop.disable();
      const [aggregated, regressions, csv] = await heavy;
      assert.equal(aggregated.status, 200);
      const stats = JSON.parse(aggregated.text) as Record<string, { count: number }>;
      // Every bulk run is inside 29 days (they span 20): 12,000 values per bulk metric.
      assert.equal(stats['bulk_metric_32']!.count, 12_000);
      assert.equal(stats['execution_time_seconds']!.count, 12_040);
      assert.equal(regressions.status, 200);
      assert.equal(csv.status, 200);
      assert.equal(csv.text.trimEnd().split('\n').length, 1 + 12_000 + 40, 'header, the bulk runs and the fixture');
      assert.ok(answered >= 3, `health answered ${answered} times`);
      // The same aggregation on this thread, as the server did it before the worker pool,
      // blocks the loop for all of its duration; the bound is generous (a busy machine).
      const store = await openHistory(copy.dbPath);
      const started = performance.now();
      await inProcessAnalyses(store).aggregateMetrics({ days: 25, now: FIXTURE_NOW });
      const blockingMs = performance.now() - started;
      await store.close();
      const longestStallMs = loop.max / 1e6;
      assert.ok(
        longestStallMs < Math.max(150, blockingMs / 2),
        `the event loop stalled for ${longestStallMs.toFixed(0)} ms; the aggregation alone blocks it for ${blockingMs.toFixed(0)} ms`,
      );
    });
  });

  describe('cached answers', () => {
    let server: FixtureServer;
    before(async () => {
      server = await startFixtureServer({ pollIntervalMs: 50 });
    });
    after(async () => {
      await server.stop();
    });

    it('gives the same aggregates from the cache while nothing changed, and new ones right after a commit', async () => {
      const path = 'api/metrics/aggregated?script_path=jobs%2Fhangs.py&days=30';
      const first = JSON.parse((await timedGet(server, path)).text) as Record<string, { count: number; max: number }>;
      assert.equal(first['execution_time_seconds']!.count, 2);
      const again = JSON.parse((await timedGet(server, path)).text) as typeof first;
      assert.deepEqual(again, first);
      commitRun(server.dbPath, 'jobs/hangs.py', 1234.5);
      const deadline = Date.now() + 5000;
      let latest = again;
      while (latest['execution_time_seconds']!.count === 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        latest = JSON.parse((await timedGet(server, path)).text) as typeof first;
      }
      assert.equal(latest['execution_time_seconds']!.count, 3);
      assert.equal(latest['execution_time_seconds']!.max, 1234.5);
    });
  });
});
