import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HistoryError, HistoryWriter, type NewExecution } from '@runner-dash/core';
import { FIXTURE_DB, FIXTURE_NOW, perTestTempFiles } from '../helpers/fixture.js';
import { query, readRun, schemaSnapshot } from '../recorder/historyInspect.js';

const run = (overrides: Partial<NewExecution> = {}): NewExecution => ({
  script_path: 'jobs/nightly.py',
  script_args: ['--full', 'a b'],
  start_time: '2026-11-27T10:00:00.000000',
  end_time: '2026-11-27T10:00:01.500000',
  execution_time_seconds: 1.5,
  exit_code: 0,
  success: true,
  metrics: { execution_time_seconds: 1.5, cpu_avg: 42.5, memory_max_mb: 12.25 },
  ...overrides,
});

describe('HistoryWriter', () => {
  const files = perTestTempFiles();
  const temp = files.temp;
  const copy = (): string => files.copy().path;

  it('creates a missing file with exactly the schema of a runner.py history, in DELETE journal mode', () => {
    const path = join(temp(), 'new.db');
    HistoryWriter.open(path).close();
    assert.deepEqual(schemaSnapshot(path), schemaSnapshot(FIXTURE_DB));
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'delete');
    db.close();
  });

  it('records a run into the fixture with the columns and metrics runner.py would write, schema untouched', () => {
    const path = copy();
    const writer = HistoryWriter.open(path);
    const id = writer.record(
      run({ attempt_number: 2, timeout_seconds: 30, stdout_lines: 3, stderr_lines: 0, platform: 'linux' }),
    );
    writer.close();
    assert.equal(id, 41);
    const { row, metrics } = readRun(path, id);
    assert.equal(row.script_path, 'jobs/nightly.py');
    assert.equal(row.script_args, '["--full","a b"]');
    assert.equal(row.success, 1);
    assert.equal(row.timed_out, 0);
    assert.equal(row.attempt_number, 2);
    assert.equal(row.timeout_seconds, 30);
    assert.equal(row.stdout_lines, 3);
    assert.equal(row.python_version, null);
    assert.match(row.created_at as string, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.deepEqual(metrics, { execution_time_seconds: 1.5, cpu_avg: 42.5, memory_max_mb: 12.25 });
    assert.deepEqual(schemaSnapshot(path), schemaSnapshot(FIXTURE_DB));
    assert.equal(query(path, 'SELECT COUNT(*) AS n FROM executions')[0]?.n, 41);
  });

  it('stores defaults as runner.py does: attempt 1, timed_out 0, empty args as [], a given created_at as is', () => {
    const path = join(temp(), 'h.db');
    const writer = HistoryWriter.open(path);
    const a = writer.record(run({ script_args: null, success: false, exit_code: 2 }));
    const b = writer.record(run({ created_at: '2026-01-02 03:04:05', timed_out: true, exit_code: -1, success: false }));
    writer.close();
    const first = readRun(path, a).row;
    assert.deepEqual([first.script_args, first.attempt_number, first.timed_out, first.success], ['[]', 1, 0, 0]);
    const second = readRun(path, b).row;
    assert.deepEqual([second.created_at, second.timed_out, second.exit_code], ['2026-01-02 03:04:05', 1, -1]);
  });

  it('writes alerts with their execution id', () => {
    const path = join(temp(), 'h.db');
    const writer = HistoryWriter.open(path);
    const id = writer.record(
      run({ alerts: [{ alert_name: 'slow', severity: 'WARNING', condition: 'execution_time_seconds > 1' }] }),
    );
    writer.close();
    assert.deepEqual(query(path, 'SELECT execution_id, alert_name, severity, condition FROM alerts'), [
      { execution_id: id, alert_name: 'slow', severity: 'WARNING', condition: 'execution_time_seconds > 1' },
    ]);
  });

  it('refuses a bad run with a message naming the field, writing nothing', () => {
    const path = join(temp(), 'h.db');
    const writer = HistoryWriter.open(path);
    assert.throws(
      () => writer.record(run({ metrics: { cpu_avg: Number.NaN } })),
      /metrics\.cpu_avg must be a finite number/,
    );
    assert.throws(() => writer.record(run({ exit_code: 1.5 })), /exit_code must be an integer/);
    assert.throws(() => writer.record(run({ script_path: '' })), /script_path must be a non-empty string/);
    writer.close();
    assert.equal(query(path, 'SELECT COUNT(*) AS n FROM executions')[0]?.n, 0);
  });

  it('refuses a file that is not SQLite without changing it', () => {
    const path = join(temp(), 'notes.db');
    writeFileSync(path, 'just some text that is certainly not a database header, long enough to be read');
    const before = readFileSync(path);
    assert.throws(
      () => HistoryWriter.open(path),
      (err) => err instanceof HistoryError && err.code === 'not-sqlite' && err.message.includes(path),
    );
    assert.deepEqual(readFileSync(path), before);
  });

  it("refuses someone else's SQLite database and adds no table to it", () => {
    const path = join(temp(), 'other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    db.close();
    assert.throws(
      () => HistoryWriter.open(path),
      (err) =>
        err instanceof HistoryError && err.code === 'not-history' && /no executions\/metrics tables/.test(err.message),
    );
    assert.deepEqual(
      query(path, "SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => r.name),
      ['customers'],
    );
  });

  it('says the file is missing when asked not to create it, and creates nothing', () => {
    const path = join(temp(), 'absent.db');
    assert.throws(
      () => HistoryWriter.open(path, { create: false }),
      (err) => err instanceof HistoryError && err.code === 'missing' && err.message.includes(path),
    );
    assert.throws(() => readFileSync(path), /ENOENT/);
  });

  it('refuses a folder as the database path', () => {
    assert.throws(
      () => HistoryWriter.open(temp()),
      (err) => err instanceof HistoryError && err.code === 'unreadable' && /is a folder/.test(err.message),
    );
  });

  it('keeps the journal mode of an existing WAL history', () => {
    const path = join(temp(), 'wal.db');
    HistoryWriter.open(path).close();
    const setup = new Database(path);
    setup.pragma('journal_mode = WAL');
    setup.close();
    const writer = HistoryWriter.open(path);
    writer.record(run());
    writer.close();
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });

  it('fails with a closed error after close, and close twice is harmless', () => {
    const writer = HistoryWriter.open(join(temp(), 'h.db'));
    writer.close();
    writer.close();
    assert.throws(
      () => writer.record(run()),
      (err) => err instanceof HistoryError && err.code === 'closed',
    );
  });

  describe('recordMany', () => {
    it('writes every run, metric and alert across batches and counts them', () => {
      const path = join(temp(), 'bulk.db');
      const writer = HistoryWriter.open(path);
      function* runs(): Generator<NewExecution> {
        for (let i = 0; i < 250; i++) {
          yield run({
            script_path: `s${i % 3}.py`,
            created_at: '2026-11-01 00:00:00',
            metrics: Object.fromEntries(Array.from({ length: 33 }, (_, m) => [`m${m}`, i + m / 100])),
            alerts: i % 50 === 0 ? [{ alert_name: 'a', severity: 'INFO', condition: 'c' }] : [],
          });
        }
      }
      const counts = writer.recordMany(runs(), { batchSize: 100 });
      writer.close();
      assert.deepEqual(counts, { executions: 250, metrics: 250 * 33, alerts: 5, duplicates: 0 });
      assert.deepEqual(query(path, 'SELECT COUNT(*) AS n, MIN(id) AS lo, MAX(id) AS hi FROM executions')[0], {
        n: 250,
        lo: 1,
        hi: 250,
      });
      assert.equal(
        query(path, 'SELECT metric_value FROM metrics WHERE execution_id = 250 AND metric_name = ?', 'm7')[0]
          ?.metric_value,
        249.07,
      );
      assert.equal(query(path, 'SELECT COUNT(*) AS n FROM alerts')[0]?.n, 5);
    });

    it('keeps the batches before a bad run and writes none of the batch holding it', () => {
      const path = join(temp(), 'bulk.db');
      const writer = HistoryWriter.open(path);
      const runs = Array.from({ length: 25 }, (_, i) => run({ exit_code: i === 22 ? Number.NaN : 0 }));
      assert.throws(() => writer.recordMany(runs, { batchSize: 10 }), /exit_code must be an integer/);
      writer.close();
      assert.equal(query(path, 'SELECT COUNT(*) AS n FROM executions')[0]?.n, 20);
    });

    it('writes 3,000 runs × 33 metrics in well under the demo budget (30,000 in 30 s)', () => {
      const path = join(temp(), 'bulk.db');
      const metrics = Object.fromEntries(Array.from({ length: 33 }, (_, m) => [`metric_${m}`, m * 1.5]));
      const began = performance.now();
      const writer = HistoryWriter.open(path);
      const counts = writer.recordMany(
        (function* () {
          for (let i = 0; i < 3000; i++) yield run({ metrics });
        })(),
      );
      writer.close();
      const elapsed = performance.now() - began;
      assert.equal(counts.metrics, 99_000);
      assert.ok(elapsed < 3000, `took ${Math.round(elapsed)} ms`);
    });
  });

  describe('pruneOlderThan', () => {
    it('deletes old runs with their metrics and alerts and leaves newer ones whole', () => {
      const path = copy();
      const writer = HistoryWriter.open(path);
      const old = [
        run({
          start_time: '2026-11-10T09:00:00.000000',
          alerts: [{ alert_name: 'x', severity: 'HIGH', condition: 'c' }],
        }),
        run({ start_time: '2026-11-20T23:59:59.000000' }),
      ].map((r) => writer.record(r));
      const kept = writer.record(run({ start_time: '2026-11-21T02:00:00.000000' }));
      const removed = writer.pruneOlderThan(7, FIXTURE_NOW);
      writer.close();
      assert.deepEqual(removed, { executions: 2, metrics: 6, alerts: 1, before: '2026-11-21T02:00:00.000000' });
      assert.equal(query(path, 'SELECT COUNT(*) AS n FROM executions')[0]?.n, 41);
      for (const id of old) {
        assert.equal(query(path, 'SELECT COUNT(*) AS n FROM metrics WHERE execution_id = ?', id)[0]?.n, 0);
        assert.equal(query(path, 'SELECT COUNT(*) AS n FROM alerts WHERE execution_id = ?', id)[0]?.n, 0);
      }
      assert.equal(query(path, 'SELECT COUNT(*) AS n FROM metrics WHERE execution_id = ?', kept)[0]?.n, 3);
      assert.equal(
        query(path, 'SELECT COUNT(*) AS n FROM metrics WHERE execution_id NOT IN (SELECT id FROM executions)')[0]?.n,
        0,
      );
    });

    it('removes the whole fixture when its runs are older than the window, counting every metric row', () => {
      const path = copy();
      const metricRows = query(path, 'SELECT COUNT(*) AS n FROM metrics')[0]?.n;
      const writer = HistoryWriter.open(path);
      const removed = writer.pruneOlderThan(1, '2026-11-30T00:00:00');
      writer.close();
      assert.deepEqual(removed, {
        executions: 40,
        metrics: metricRows,
        alerts: 0,
        before: '2026-11-29T00:00:00.000000',
      });
      assert.equal(query(path, 'SELECT COUNT(*) AS n FROM metrics')[0]?.n, 0);
    });

    it('rejects a negative or fractional number of days', () => {
      const writer = HistoryWriter.open(join(temp(), 'h.db'));
      assert.throws(() => writer.pruneOlderThan(-1), RangeError);
      assert.throws(() => writer.pruneOlderThan(1.5), /whole number of days/);
      writer.close();
    });
  });
});
