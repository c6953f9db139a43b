import { strict as assert } from 'node:assert';
import { HistoryWriter } from '@runner-dash/core';
import type { LiveEvent } from '@runner-dash/webcomponents';
import { HistoryConnection } from '../../src/host/HistoryConnection.js';
import { WebviewBridge } from '../../src/host/WebviewBridge.js';
import type { ContextMessage, ViewContext } from '../../src/protocol.js';
import { PostMessageDataSource } from '../../src/webview/PostMessageDataSource.js';
import { FIXTURE_NOW, fixtureCopy, messageChannel } from '../loopback.js';

/** A data source in a "webview" talking to a real bridge over a real copy of the fixture. */
async function connected(path: string, context?: Partial<ViewContext>) {
  const connection = new HistoryConnection(path, { pollMs: 200 });
  await connection.start();
  const channel = messageChannel();
  const contexts: ContextMessage[] = [];
  const source = new PostMessageDataSource({
    post: (m) => channel.postFromPage(m),
    timeoutMs: 5000,
    onContext: (m) => contexts.push(m),
  });
  channel.onPageMessage((m) => source.receive(m));
  const bridge = new WebviewBridge(channel.port, connection, {
    context: () => ({ database: connection.state, alsoRecordedAs: [], days: 30, running: false, ...context }),
    action: () => undefined,
    saveCsv: async () => ({ filename: 'runs.csv', path: '/tmp/runs.csv', bytes: 10 }),
    now: FIXTURE_NOW,
  });
  return {
    source,
    contexts,
    channel,
    async close() {
      source.dispose();
      bridge.dispose();
      await connection.dispose();
    },
  };
}

describe('PostMessageDataSource answered by the host bridge over the runner.py fixture', () => {
  let copy: ReturnType<typeof fixtureCopy>;
  let view: Awaited<ReturnType<typeof connected>>;
  beforeEach(async () => {
    copy = fixtureCopy();
    view = await connected(copy.db);
  });
  afterEach(async () => {
    await view.close();
    copy.remove();
  });

  it('lists the five scripts with their real run and success counts', async () => {
    const scripts = await view.source.scripts();
    const byPath = new Map(scripts.map((s) => [s.path, s]));
    assert.equal(scripts.length, 5);
    assert.equal(byPath.get('jobs/slow_growing.py')?.execution_count, 10);
    assert.equal(byPath.get('jobs/flaky.py')?.execution_count, 14);
    assert.equal(byPath.get('jobs/flaky.py')?.successful_runs, 10);
    assert.equal(byPath.get('jobs/hangs.py')?.successful_runs, 0);
  });

  it("pages one script's runs newest first with the total, and finds flaky.py's four exit-2 failures", async () => {
    const page = await view.source.executions({ script: 'jobs/flaky.py', limit: 5 });
    assert.equal(page.total, 14);
    assert.equal(page.rows.length, 5);
    assert.ok(page.rows[0]!.id > page.rows[4]!.id);
    const failed = await view.source.executions({ script: 'jobs/flaky.py', exitCode: 2 });
    assert.equal(failed.total, 4);
    assert.ok(failed.rows.every((r) => r.exit_code === 2 && r.success === false));
  });

  it('shows slow_growing.py getting slower: an increasing trend over its 10 runs, oldest first', async () => {
    const filters = { script: 'jobs/slow_growing.py', metric: 'execution_time_seconds', days: 30 };
    const [analysis, history, stats] = await Promise.all([
      view.source.trendAnalysis(filters),
      view.source.metricHistory({ ...filters, limit: 1000 }),
      view.source.aggregated(filters),
    ]);
    assert.equal(analysis.data_points, 10);
    assert.equal(analysis.trend?.trend, 'increasing');
    assert.ok((analysis.trend?.slope ?? 0) > 0);
    assert.equal(history.data_points, 10);
    assert.equal(history.script_path, 'jobs/slow_growing.py');
    const times = history.data.map((p) => p.timestamp);
    assert.deepEqual(times, [...times].sort());
    assert.equal(history.data[0]!.value, 0.1027);
    assert.equal(stats.execution_time_seconds?.count, 10);
    assert.ok(stats.execution_time_seconds!.max > stats.execution_time_seconds!.min);
  });

  it('answers the rest of the DataSource: one run with its metrics, metric names, baseline, database and run stats', async () => {
    const run = await view.source.execution(4);
    assert.equal(run.script_path, 'jobs/slow_growing.py');
    assert.equal(run.metrics.execution_time_seconds, 0.1027);
    const metrics = await view.source.availableMetrics();
    assert.ok(metrics.includes('execution_time_seconds') && metrics.includes('memory_max_mb'));
    const baseline = await view.source.baseline({
      script: 'jobs/fast_ok.py',
      metric: 'execution_time_seconds',
      days: 30,
    });
    assert.equal(typeof baseline.baseline, 'number');
    assert.equal((await view.source.databaseStats()).total_executions, 40);
    const stats = await view.source.executionStats();
    assert.equal(stats.total_executions, 40);
    assert.equal(stats.successful + stats.failed, 40);
  });

  it('rejects an unknown run with a 404 DataSourceError that says which run', async () => {
    await assert.rejects(view.source.execution(99999), (err: unknown) => {
      assert.ok(err instanceof Error && err.name === 'DataSourceError' && 'status' in err);
      assert.equal(err.status, 404);
      assert.equal(err.message, 'Run #99999 is not in the history.');
      return true;
    });
  });

  it('hands a CSV export to the host, which saves the file and names it', async () => {
    const file = await view.source.exportCsv({ script: 'jobs/flaky.py' });
    assert.equal(file.filename, 'runs.csv');
  });

  it('sends the context when the page says it is ready', async () => {
    view.channel.postFromPage({ type: 'ready' });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(view.contexts.length, 1);
    assert.equal(view.contexts[0]!.context.database.ok, true);
    assert.equal(view.contexts[0]!.context.database.path, copy.db);
  });

  it('reports a run committed by another process to live subscribers within a second', async () => {
    const events: LiveEvent[] = [];
    view.source.subscribe((e) => events.push(e));
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(events, [{ type: 'status', status: 'connected', last_update: null }]);
    const writer = HistoryWriter.open(copy.db);
    const started = Date.now();
    const id = writer.record({
      script_path: 'jobs/slow_growing.py',
      start_time: '2026-11-28T01:50:00.000000',
      end_time: '2026-11-28T01:50:00.400000',
      execution_time_seconds: 0.4,
      exit_code: 0,
      success: true,
      metrics: { execution_time_seconds: 0.4 },
    });
    writer.close();
    while (!events.some((e) => e.type === 'executions') && Date.now() - started < 1500) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const live = events.find((e) => e.type === 'executions');
    assert.ok(live, 'no live event within 1.5 s');
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    assert.deepEqual(
      live.executions.map((e) => [e.id, e.script_path]),
      [[id, 'jobs/slow_growing.py']],
    );
    assert.equal((await view.source.scripts()).find((s) => s.path === 'jobs/slow_growing.py')?.execution_count, 11);
  });
});

describe('PostMessageDataSource when the database is missing', () => {
  it('rejects questions with a 503 that says what to do, and works once a run creates the file', async () => {
    const copy = fixtureCopy();
    const path = `${copy.dir}/not-yet.db`;
    const view = await connected(path);
    try {
      await assert.rejects(view.source.scripts(), (err: unknown) => {
        assert.ok(err instanceof Error && err.name === 'DataSourceError' && 'status' in err);
        assert.equal(err.status, 503);
        assert.match(
          err.message,
          /^No history database at .*not-yet\.db yet\. Run a script with "Runner Dash: Run Current Script with Metrics"/,
        );
        return true;
      });
      const writer = HistoryWriter.open(path);
      writer.record({
        script_path: 'jobs/fast_ok.py',
        start_time: '2026-11-28T01:55:00.000000',
        end_time: '2026-11-28T01:55:00.100000',
        execution_time_seconds: 0.1,
        exit_code: 0,
        success: true,
        metrics: { execution_time_seconds: 0.1 },
      });
      writer.close();
      const until = Date.now() + 2000;
      let scripts: Awaited<ReturnType<typeof view.source.scripts>> | undefined;
      while (!scripts && Date.now() < until) {
        scripts = await view.source.scripts().catch(() => undefined);
        if (!scripts) await new Promise((r) => setTimeout(r, 50));
      }
      assert.deepEqual(
        scripts?.map((s) => [s.path, s.execution_count]),
        [['jobs/fast_ok.py', 1]],
      );
    } finally {
      await view.close();
      copy.remove();
    }
  });
});
