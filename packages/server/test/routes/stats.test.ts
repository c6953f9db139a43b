import assert from 'node:assert/strict';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';

describe('stats routes over the runner.py fixture', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.stopUnchanged());

  it('counts runs, metric rows, alerts and scripts in /api/stats/database', async () => {
    const stats = (await (await server.get('api/stats/database')).json()) as Record<string, unknown>;
    assert.equal(stats.total_executions, 40);
    assert.equal(stats.total_metrics, 1268);
    assert.equal(stats.total_alerts, 0);
    assert.equal(stats.unique_scripts, 5);
    assert.equal(stats.total_execution_time_seconds, 8.07, '8.0728 s, rounded to 2 decimals');
    assert.equal(stats.database_file, server.dbPath);
    assert.ok((stats.database_size_mb as number) > 0);
  });

  it('counts successes, failures and timeouts in /api/stats/execution', async () => {
    const all = (await (await server.get('api/stats/execution')).json()) as Record<string, unknown>;
    assert.deepEqual(
      [all.total_executions, all.successful, all.failed, all.timed_out, all.success_rate],
      [40, 34, 6, 2, 85],
    );
    const flaky = (await (await server.get('api/stats/execution?script_path=jobs/flaky.py&days=1')).json()) as Record<
      string,
      unknown
    >;
    assert.deepEqual([flaky.total_executions, flaky.failed], [14, 4]);
  });

  it('gives min, max, average and count of a metric in /api/stats/performance', async () => {
    const perf = (await (await server.get('api/stats/performance')).json()) as Record<string, number | string>;
    assert.equal(perf.metric_name, 'execution_time_seconds');
    assert.equal(perf.count, 40);
    assert.equal(perf.min, 0.0158);
    assert.equal(perf.max, 1.0201);
    assert.ok(Math.abs((perf.avg as number) - 0.20182) < 1e-9);
    const memory = (await (
      await server.get('api/stats/performance?metric_name=memory_max_mb&script_path=jobs/hangs.py')
    ).json()) as Record<string, number>;
    assert.equal(memory.count, 2);
  });

  it('refuses days outside 1–365 naming the parameter', async () => {
    const res = await server.get('api/stats/performance?days=366');
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { detail: string }).detail, /^days /);
  });
});
