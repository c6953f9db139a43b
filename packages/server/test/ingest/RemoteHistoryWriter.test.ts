import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  RemoteHistoryWriter,
  RemoteWriteError,
  RunSpool,
  RunSpooledError,
  SpoolingHistoryWriter,
  type NewExecution,
} from '@runner-dash/core';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';

const TOKEN = 'remote-writer-token';

const run = (n: number, over: Partial<NewExecution> = {}): NewExecution => ({
  script_path: 'remote/many.py',
  start_time: `2026-11-27T${String(10 + Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00.000000`,
  end_time: `2026-11-27T${String(10 + Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:01.000000`,
  execution_time_seconds: 1 + n / 1000,
  exit_code: 0,
  success: true,
  metrics: { execution_time_seconds: 1 + n / 1000, cpu_max: n % 100 },
  ...over,
});

describe('RemoteHistoryWriter against a real runner-dash-server', () => {
  let server: FixtureServer;
  let writer: RemoteHistoryWriter;
  before(async () => {
    server = await startFixtureServer({ token: TOKEN, ingest: true });
    writer = new RemoteHistoryWriter(server.url, { token: TOKEN });
  });
  after(async () => {
    await writer.close();
    await server.stop();
  });

  const countOf = async (script: string): Promise<number> => {
    const res = await server.get(`api/executions?script_path=${encodeURIComponent(script)}&limit=1`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    return Number(res.headers.get('x-total-count'));
  };

  it('records many runs in requests well under the body limit and counts what it wrote', async () => {
    const runs = Array.from({ length: 250 }, (_, i) => run(i, { idempotency_key: `many-${i}` }));
    const first = await writer.recordMany(runs);
    assert.deepEqual(first, { executions: 250, metrics: 500, alerts: 0, duplicates: 0 });
    const again = await writer.recordMany(runs, { batchSize: 60 });
    assert.deepEqual(again, { executions: 0, metrics: 0, alerts: 0, duplicates: 250 });
    assert.equal(await countOf('remote/many.py'), 250);
  });

  it('gives each unkeyed run a key of its own, so two equal runs are two runs', async () => {
    const a = await writer.record(run(1, { script_path: 'remote/twice.py' }));
    const b = await writer.record(run(1, { script_path: 'remote/twice.py' }));
    assert.equal(b, a + 1);
    assert.equal(await countOf('remote/twice.py'), 2);
  });

  it('reports a refused run as not worth retrying, naming the field', async () => {
    await assert.rejects(writer.record(run(1, { start_time: '27.11.2026 10:00' })), (err: RemoteWriteError) => {
      assert.ok(err instanceof RemoteWriteError);
      assert.equal(err.status, 400);
      assert.equal(err.retryable, false);
      assert.match(err.message, /HTTP 400: executions\[0\]\.start_time must be a local ISO time/);
      return true;
    });
  });

  it('reports a wrong token and an unreachable server as worth retrying', async () => {
    const wrongToken = new RemoteHistoryWriter(server.url, { token: 'nope' });
    await assert.rejects(wrongToken.record(run(1)), { name: 'RemoteWriteError', retryable: true, status: 401 });
    const nobody = new RemoteHistoryWriter('http://127.0.0.1:9/', { token: TOKEN, timeoutMs: 2000 });
    await assert.rejects(nobody.record(run(1)), { name: 'RemoteWriteError', retryable: true, status: undefined });
  });

  it('cannot prune a remote history, and says where to do it', async () => {
    await assert.rejects(writer.pruneOlderThan(), /runner-dash prune --db/);
  });

  it('through the spooling writer: a refused run is set aside for a person, a retryable one waits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runner-dash-spool-'));
    try {
      const spool = new RunSpool(dir);
      const spooling = new SpoolingHistoryWriter(writer, spool);
      await assert.rejects(spooling.record(run(1, { start_time: 'soon' })), (err: RunSpooledError) => {
        assert.ok(err instanceof RunSpooledError);
        assert.match(err.message, /HTTP 400.*kept in .*\.rejected\.json for you to look at/);
        return true;
      });
      assert.equal(spool.rejected().length, 1);
      const down = new SpoolingHistoryWriter(new RemoteHistoryWriter('http://127.0.0.1:9/', { token: TOKEN }), spool);
      await assert.rejects(
        down.record(run(2)),
        /could not be reached.*will be sent by the next 'runner-dash run --server http:\/\/127\.0\.0\.1:9\/'/,
      );
      assert.equal(spool.list('http://127.0.0.1:9/').runs.length, 1);
      assert.equal(readdirSync(dir).length, 2);
      assert.equal((await spooling.record(run(3, { script_path: 'remote/spooling.py' }))) > 0, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
