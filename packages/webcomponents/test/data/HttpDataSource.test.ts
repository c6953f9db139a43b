import assert from 'node:assert/strict';
import type { ExecutionSummary, LiveEvent, ScriptSummary } from '../../src/data/apiTypes.js';
import { isDataSourceError } from '../../src/data/DataSourceError.js';
import { HttpDataSource } from '../../src/data/HttpDataSource.js';
import {
  api,
  copyFixture,
  FIXTURE_NOW,
  recordRun,
  serve,
  SLOWING_SCRIPT,
  tempDir,
  type ServerProcess,
  type TempDir,
} from '../browser/servers.js';

describe('HttpDataSource against the real server', function () {
  this.timeout(30_000);
  let dir: TempDir;
  let dbPath: string;
  let server: ServerProcess;

  before(async () => {
    dir = tempDir();
    dbPath = copyFixture(dir);
    server = await serve(dbPath, { token: 'T', now: FIXTURE_NOW });
  });

  after(async () => {
    await server?.close();
    dir?.remove();
  });

  it('answers with what the REST API returns, total count included', async () => {
    const source = new HttpDataSource({ baseUrl: server.url, token: 'T' });
    assert.deepEqual(await source.scripts(), (await api<ScriptSummary[]>(server.url, 'api/scripts', 'T')).body);
    const page = await source.executions({ script: SLOWING_SCRIPT, limit: 3, offset: 2 });
    const expected = await api<ExecutionSummary[]>(
      server.url,
      `api/executions?script_path=${encodeURIComponent(SLOWING_SCRIPT)}&limit=3&offset=2`,
      'T',
    );
    assert.deepEqual(page, { rows: expected.body, total: expected.total });
    const history = await source.metricHistory({ script: SLOWING_SCRIPT, metric: 'execution_time_seconds', days: 1 });
    assert.equal(history.data_points, 10);
    const detail = await source.execution(history.data[0]!.execution_id);
    assert.equal(detail.metrics.execution_time_seconds, history.data[0]!.value);
    assert.ok((await source.availableMetrics()).includes('cpu_max'));
    const csv = await source.exportCsv({ script: SLOWING_SCRIPT, days: 1 });
    assert.equal((await csv.blob.text()).trim().split('\n').length, 11);
    assert.match(csv.filename, /\.csv$/);
  });

  it('fails with messages for people: 401 asks for a token, 404 and 400 pass the server detail on', async () => {
    const noToken = new HttpDataSource({ baseUrl: server.url });
    await assert.rejects(
      noToken.scripts(),
      (err: unknown) => isDataSourceError(err) && err.needsToken && /access token/.test(err.message),
    );
    const source = new HttpDataSource({ baseUrl: server.url, token: 'T' });
    await assert.rejects(
      source.execution(999_999),
      (err: unknown) => isDataSourceError(err) && err.status === 404 && err.message.length > 0,
    );
    await assert.rejects(
      source.aggregated({ days: 999 }),
      (err: unknown) => isDataSourceError(err) && err.status === 400 && /days/.test(err.message),
    );
  });

  it('delivers a run recorded meanwhile through the live feed', async () => {
    const source = new HttpDataSource({ baseUrl: server.url, token: 'T' });
    const events: LiveEvent[] = [];
    const unsubscribe = source.subscribe((e) => events.push(e));
    try {
      const until = async (check: () => boolean) => {
        for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
        assert.ok(check());
      };
      await until(() => events.some((e) => e.type === 'status' && e.status === 'connected'));
      const id = recordRun(dbPath, SLOWING_SCRIPT, 0.25);
      await until(() => events.some((e) => e.type === 'executions' && e.executions.some((r) => r.id === id)));
      assert.ok(events.some((e) => e.type === 'snapshot'));
    } finally {
      unsubscribe();
    }
  });
});
