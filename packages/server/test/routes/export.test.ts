import assert from 'node:assert/strict';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';

describe('GET /api/export/csv over the runner.py fixture', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.stopUnchanged());

  it('downloads every run as an RFC 4180 attachment with one column per metric', async () => {
    const res = await server.get('api/export/csv');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="runner-dash-export\.csv"$/);
    const lines = (await res.text()).split('\r\n').filter((l) => l !== '');
    assert.equal(lines.length, 41, 'header + 40 runs');
    const header = lines[0]!.split(',');
    assert.deepEqual(header.slice(0, 11), [
      'id',
      'script_path',
      'start_time',
      'end_time',
      'execution_time_seconds',
      'exit_code',
      'success',
      'attempt_number',
      'timed_out',
      'stdout_lines',
      'stderr_lines',
    ]);
    assert.ok(header.includes('cpu_max') && header.includes('memory_max_mb'));
    assert.match(lines[1]!, /^1,jobs\/fast_ok\.py,2026-11-28T01:36:23\.982614,/);
    assert.match(lines[39]!, /^39,jobs\/hangs\.py,.*,-1,/);
  });

  it('filters by script and metric', async () => {
    const text = await (
      await server.get('api/export/csv?script_path=jobs/hangs.py&metric_name=cpu_max&days=30')
    ).text();
    const lines = text.split('\r\n').filter((l) => l !== '');
    assert.equal(lines.length, 3);
    assert.equal(lines[0]!.split(',').at(-1), 'cpu_max');
  });

  it('is compressed when the client accepts gzip', async () => {
    const res = await fetch(new URL('api/export/csv', server.url), { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.ok((await res.text()).startsWith('id,script_path,'));
  });
});
