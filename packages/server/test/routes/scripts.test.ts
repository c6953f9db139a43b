import assert from 'node:assert/strict';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';

describe('GET /api/scripts over the runner.py fixture', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.stopUnchanged());

  it('lists the five scripts, newest last run first, with counts and success rates', async () => {
    const res = await server.get('api/scripts');
    assert.equal(res.status, 200);
    const scripts = (await res.json()) as Array<Record<string, unknown>>;
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
});
