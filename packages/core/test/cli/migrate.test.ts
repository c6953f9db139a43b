import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openHistory, openHistoryWriter } from '../../src/index.js';
import { FIXTURE_DB, tempDir } from '../helpers/fixture.js';
import { runCli, type CliRun } from '../helpers/runCli.js';
import { createTempDatabase, pgExec, requirePostgres } from '../helpers/postgres.js';
import { query } from '../recorder/historyInspect.js';

const cli = (args: string[], tty = false): Promise<CliRun> => runCli(args, { tty });

const count = async (url: string, table: string): Promise<number> =>
  Number((await pgExec(url, `SELECT COUNT(*) AS n FROM ${table}`)).rows[0].n);

describe('runner-dash migrate and db init (CLI, PostgreSQL)', () => {
  let baseUrl = '';
  let drops: Array<() => Promise<void>> = [];
  before(function () {
    baseUrl = requirePostgres(this, 'runner-dash migrate/db init');
  });
  afterEach(async () => {
    for (const drop of drops) await drop();
    drops = [];
  });
  async function database(): Promise<string> {
    const db = await createTempDatabase(baseUrl);
    drops.push(db.drop);
    return db.url;
  }

  it('copies the whole fixture with a progress bar, and a second run copies nothing twice', async () => {
    const url = await database();
    const first = await cli(['migrate', '--from', FIXTURE_DB, '--to', url], true);
    assert.equal(first.code, 0, first.err);
    assert.match(
      first.out,
      /^Copied 40 runs with 1268 metrics and 0 alerts from .*python-script-runner-history\.db to postgres:\/\//,
    );
    assert.match(first.err, /\rCopying runs █{30} 100% 40\/40 in \d+\.\d s\n$/);
    const again = await cli(['migrate', '--from', FIXTURE_DB, `--to=${url}`]);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /^Copied 0 runs with 0 metrics and 0 alerts .*; 40 runs were already there\n$/);
    assert.equal(await count(url, 'executions'), 40);
    assert.equal(await count(url, 'metrics'), 1268);
    // The sequence moved past the copied ids: the next run recorded into PostgreSQL is 41.
    const writer = await openHistoryWriter(url);
    const id = await writer.record({
      script_path: 'jobs/fast_ok.py',
      start_time: '2026-11-28T01:40:00.000000',
      end_time: '2026-11-28T01:40:00.100000',
      execution_time_seconds: 0.1,
      exit_code: 0,
      success: true,
      metrics: { execution_time_seconds: 0.1 },
    });
    await writer.close();
    assert.equal(id, 41);
  });

  it('copies only the runs a file gained since the last migration', async () => {
    const url = await database();
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'grows.db');
      const writer = await openHistoryWriter(path);
      const run = (i: number) => ({
        script_path: 'grow.py',
        start_time: `2026-11-28T01:00:0${i}.000000`,
        end_time: `2026-11-28T01:00:0${i}.500000`,
        execution_time_seconds: 0.5,
        exit_code: 0,
        success: true,
        metrics: { execution_time_seconds: 0.5, cpu_max: i },
      });
      await writer.recordMany([run(1), run(2)]);
      assert.equal((await cli(['migrate', '--from', path, '--to', url])).code, 0);
      await writer.record(run(3));
      await writer.close();
      const second = await cli(['migrate', '--from', path, '--to', url]);
      assert.match(second.out, /^Copied 1 run with 2 metrics and 0 alerts .*; 2 runs were already there/);
      const store = await openHistory(url);
      try {
        assert.deepEqual(
          (await store.metricSeries({ metricName: 'cpu_max' })).map((p) => [p.execution_id, p.value]),
          [
            [1, 1],
            [2, 2],
            [3, 3],
          ],
        );
      } finally {
        await store.close();
      }
    } finally {
      cleanup();
    }
  });

  it('stops, changing nothing, when the database already holds other runs under the same ids', async () => {
    const url = await database();
    const writer = await openHistoryWriter(url);
    await writer.record({
      script_path: 'elsewhere.py',
      start_time: '2026-01-01T00:00:00.000000',
      end_time: '2026-01-01T00:00:01.000000',
      execution_time_seconds: 1,
      exit_code: 0,
      success: true,
      metrics: {},
    });
    await writer.close();
    const result = await cli(['migrate', '--from', FIXTURE_DB, '--to', url]);
    assert.equal(result.code, 2);
    assert.match(result.err, /already holds run 1 as elsewhere\.py .*Migrate into an empty database/);
    assert.equal(await count(url, 'executions'), 1);
  });

  it('db init creates the tables and triggers in an empty PostgreSQL database, and leaves a history alone', async () => {
    const url = await database();
    const init = await cli(['db', 'init', '--db', url]);
    assert.equal(init.code, 0, init.err);
    assert.match(init.out, /^History tables ready in postgres:\/\//);
    const tables = (
      await pgExec(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    ).rows.map((r) => r.tablename);
    assert.deepEqual(tables, ['alerts', 'executions', 'ingest_keys', 'metrics']);
    const indexes = (await pgExec(url, "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'idx_%'")).rows.length;
    assert.equal(indexes, 12);
    assert.equal((await cli(['db', 'init', '--db', url])).code, 0, 'a second init is harmless');
    const store = await openHistory(url);
    assert.deepEqual(await store.listScripts(), []);
    await store.close();
  });
});

describe('runner-dash migrate and db init (CLI, arguments and files)', () => {
  it('db init gives a new file runner.py’s schema, without the ingest keys table', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'new.db');
      const result = await cli(['db', 'init', '--db', path]);
      assert.equal(result.code, 0, result.err);
      assert.deepEqual(
        query(
          path,
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        ).map((r) => r.name),
        ['alerts', 'executions', 'metrics'],
      );
    } finally {
      cleanup();
    }
  });

  it('refuses incomplete or wrong command lines with exit code 2 and the fix', async () => {
    assert.match((await cli(['migrate', '--from', FIXTURE_DB])).err, /--to postgres:\/\/… is required/);
    assert.match((await cli(['migrate', '--to', 'postgres://x@127.0.0.1/h'])).err, /--from FILE is required/);
    const fileTarget = await cli(['migrate', '--from', FIXTURE_DB, '--to', 'copy.db']);
    assert.equal(fileTarget.code, 2);
    assert.match(fileTarget.err, /--to must be a postgres:\/\/ URL, not 'copy\.db'/);
    assert.match((await cli(['db'])).err, /say what to do: db init/);
    assert.match((await cli(['db', 'drop'])).err, /unknown db action 'drop'/);
    const missing = await cli(['migrate', '--from', '/nonexistent/h.db', '--to', 'postgres://x@127.0.0.1:1/h']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /\/nonexistent\/h\.db does not exist/);
  });
});
