import assert from 'node:assert/strict';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';

type Stats = Record<
  string,
  { count: number; min: number; max: number; avg: number; median: number; p95: number; p99: number; stddev: number }
>;

describe('metrics routes over the runner.py fixture', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.stopUnchanged());

  it("returns a script's metric history oldest first", async () => {
    const res = await server.get('api/metrics/history?script_path=jobs/slow_growing.py');
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      metric_name: string;
      script_path: string;
      days: number;
      data_points: number;
      data: Array<{ execution_id: number; timestamp: string; value: number }>;
    };
    assert.equal(body.metric_name, 'execution_time_seconds');
    assert.equal(body.script_path, 'jobs/slow_growing.py');
    assert.equal(body.days, 7);
    assert.equal(body.data_points, 10);
    assert.deepEqual(
      body.data.map((p) => p.execution_id),
      [4, 7, 11, 14, 18, 21, 25, 28, 31, 34],
    );
    assert.deepEqual(
      body.data.map((p) => p.value),
      [0.1027, 0.1096, 0.1057, 0.2058, 0.2053, 0.2049, 0.2048, 0.205, 0.3092, 0.3087],
    );
    assert.equal(body.data[0]!.timestamp, '2026-11-28T01:36:26.272153');
    const newest3 = (await (
      await server.get('api/metrics/history?script_path=jobs/slow_growing.py&limit=3')
    ).json()) as typeof body;
    assert.deepEqual(
      newest3.data.map((p) => p.execution_id),
      [28, 31, 34],
    );
  });

  it('lists the 33 metric names runner.py recorded', async () => {
    const body = (await (await server.get('api/metrics/available')).json()) as { available_metrics: string[] };
    assert.equal(body.available_metrics.length, 33);
    assert.ok(body.available_metrics.includes('execution_time_seconds'));
    assert.deepEqual(body.available_metrics, [...body.available_metrics].sort());
  });

  it('aggregates a metric over a window as runner.py does', async () => {
    const stats = (await (
      await server.get(
        'api/metrics/aggregated?script_path=jobs/slow_growing.py&metric_name=execution_time_seconds&days=30',
      )
    ).json()) as Stats;
    assert.deepEqual(Object.keys(stats), ['execution_time_seconds']);
    const s = stats.execution_time_seconds!;
    assert.equal(s.count, 10);
    assert.equal(s.min, 0.1027);
    assert.equal(s.max, 0.3092);
    assert.ok(Math.abs(s.median - 0.20495) < 1e-12);
    assert.equal(s.p95, 0.3092, 'p95 is max below 20 values');
  });

  it('aggregates every metric over the latest N runs', async () => {
    const stats = (await (await server.get('api/metrics/latest?script_path=jobs/hangs.py&limit=1')).json()) as Stats;
    assert.equal(stats.execution_time_seconds!.count, 1);
    assert.equal(stats.execution_time_seconds!.max, 1.0191);
    const all = (await (await server.get('api/metrics/latest')).json()) as Stats;
    assert.equal(Object.keys(all).length, 33);
    assert.equal(all.execution_time_seconds!.count, 40);
  });

  it('refuses history limits above 100000 and days above 365', async () => {
    assert.equal((await server.get('api/metrics/history?limit=100001')).status, 400);
    assert.equal((await server.get('api/metrics/history?limit=100000')).status, 200);
    const res = await server.get('api/metrics/aggregated?days=0');
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { detail: string }).detail, /^days /);
  });
});
