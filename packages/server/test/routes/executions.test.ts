import assert from 'node:assert/strict';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';

interface Summary {
  id: number;
  script_path: string;
  exit_code: number;
  success: boolean;
  attempt_number: number;
  timed_out: boolean;
  timestamp: string;
  execution_time_seconds: number;
}

describe('executions routes over the runner.py fixture', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.stopUnchanged());

  it('lists 40 executions newest first with X-Total-Count, paging with limit and offset', async () => {
    const res = await server.get('api/executions?limit=5');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-total-count'), '40');
    const rows = (await res.json()) as Summary[];
    assert.deepEqual(
      rows.map((r) => r.id),
      [40, 39, 38, 37, 36],
    );
    assert.deepEqual(Object.keys(rows[0]!).sort(), [
      'attempt_number',
      'execution_time_seconds',
      'exit_code',
      'id',
      'script_path',
      'stderr_lines',
      'stdout_lines',
      'success',
      'timed_out',
      'timestamp',
    ]);
    assert.equal(rows[0]!.timestamp, '2026-11-28 01:36:50', 'timestamp is created_at');
    const page2 = (await (await server.get('api/executions?limit=5&offset=5')).json()) as Summary[];
    assert.deepEqual(
      page2.map((r) => r.id),
      [35, 34, 33, 32, 31],
    );
    const all = (await (await server.get('api/executions')).json()) as Summary[];
    assert.equal(all.length, 40, 'default limit 50 returns every run');
  });

  it('shows the two timeouts of jobs/hangs.py with exit code -1', async () => {
    const res = await server.get('api/executions?script_path=jobs/hangs.py');
    assert.equal(res.headers.get('x-total-count'), '2');
    const rows = (await res.json()) as Summary[];
    assert.deepEqual(
      rows.map((r) => [r.id, r.exit_code, r.success, r.timed_out]),
      [
        [40, -1, false, true],
        [39, -1, false, true],
      ],
    );
  });

  it('shows each failed attempt of jobs/flaky.py (exit 2) followed by a successful attempt 2', async () => {
    const rows = (await (await server.get('api/executions?script_path=jobs/flaky.py&limit=100')).json()) as Summary[];
    assert.equal(rows.length, 14);
    const oldestFirst = [...rows].reverse();
    const failures = oldestFirst.filter((r) => r.exit_code === 2);
    assert.deepEqual(
      failures.map((r) => r.id),
      [2, 9, 16, 23],
    );
    for (const failure of failures) {
      assert.equal(failure.attempt_number, 1);
      assert.equal(failure.success, false);
      const retry = oldestFirst[oldestFirst.indexOf(failure) + 1]!;
      assert.deepEqual([retry.exit_code, retry.success, retry.attempt_number], [0, true, 2]);
    }
    const byExit = await server.get('api/executions?exit_code=2');
    assert.equal(byExit.headers.get('x-total-count'), '4');
  });

  it('lists only failures on /api/executions/failed', async () => {
    const res = await server.get('api/executions/failed');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-total-count'), '6');
    const rows = (await res.json()) as Summary[];
    assert.deepEqual(
      rows.map((r) => r.id),
      [40, 39, 23, 16, 9, 2],
    );
    assert.ok(rows.every((r) => !r.success));
  });

  it('returns execution 39 whole, with its metrics and alerts', async () => {
    const res = await server.get('api/execution/39');
    assert.equal(res.status, 200);
    const detail = (await res.json()) as Record<string, unknown> & {
      metrics: Record<string, number>;
      alerts: unknown[];
    };
    assert.equal(detail.id, 39);
    assert.equal(detail.script_path, 'jobs/hangs.py');
    assert.equal(detail.start_time, '2026-11-28T01:36:48.194022');
    assert.equal(detail.end_time, '2026-11-28T01:36:49.214152');
    assert.equal(detail.exit_code, -1);
    assert.equal(detail.timed_out, true);
    assert.equal(detail.timeout_seconds, 1);
    assert.equal(detail.success, false);
    assert.equal(detail.metrics.execution_time_seconds, 1.0201);
    assert.equal(detail.metrics.memory_max_mb, 8.08984375);
    assert.equal(Object.keys(detail.metrics).length, 11);
    assert.deepEqual(detail.alerts, []);
  });

  it('answers 404 {detail} for an unknown id and 400 naming id for a non-number', async () => {
    const missing = await server.get('api/execution/9999');
    assert.equal(missing.status, 404);
    assert.match(((await missing.json()) as { detail: string }).detail, /9999/);
    const bad = await server.get('api/execution/abc');
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { detail: string }).detail, /^id /);
  });

  it('refuses out-of-range limit and offset with a detail naming the parameter', async () => {
    for (const [query, name] of [
      ['limit=0', 'limit'],
      ['limit=10001', 'limit'],
      ['offset=-1', 'offset'],
      ['limit=abc', 'limit'],
      ['exit_code=1.5', 'exit_code'],
      ['limit=1&limit=2', 'limit'],
    ]) {
      const res = await server.get(`api/executions?${query}`);
      assert.equal(res.status, 400, query);
      assert.ok(((await res.json()) as { detail: string }).detail.startsWith(name), query);
    }
  });
});
