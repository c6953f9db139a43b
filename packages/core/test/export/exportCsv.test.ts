import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  CSV_EXECUTION_COLUMNS,
  exportCsv,
  openHistory,
  type HistoryStore,
  type NewExecution,
} from '../../src/index.js';
import { HistoryWriter } from '../../src/store/HistoryWriter.js';
import { fixtureCopy, FIXTURE_NOW, tempDir } from '../helpers/fixture.js';
import { collect, parseCsv } from './parseCsv.js';

const FORMULA = /^[=+\-@\t\r]/;
const asText = (v: string) => (FORMULA.test(v) ? `'${v}` : v);
const cell = (v: number | boolean | null) => (v === null ? '' : typeof v === 'boolean' ? (v ? '1' : '0') : String(v));

describe('exportCsv over the runner.py fixture', () => {
  let fixture: ReturnType<typeof fixtureCopy>;
  let store: HistoryStore;
  before(async () => {
    fixture = fixtureCopy();
    store = await openHistory(fixture.path);
  });
  after(async () => {
    await store.close();
    fixture.cleanup();
  });

  it('writes the execution columns then every metric name sorted, one row per run matching the store', async () => {
    const { text } = await collect(exportCsv(store));
    const [header, ...rows] = parseCsv(text);
    const metrics = (await store.availableMetrics()).filter(
      (m) => !['execution_time_seconds', 'success', 'timed_out'].includes(m),
    );
    assert.deepEqual(header, [...CSV_EXECUTION_COLUMNS, ...metrics]);
    assert.equal(metrics.length, 30);
    assert.deepEqual([...metrics].sort(), metrics);
    assert.equal(rows.length, 40);
    for (const row of rows) {
      assert.equal(row.length, header!.length);
      const e = (await store.getExecution(Number(row[0])))!;
      assert.deepEqual(row.slice(0, CSV_EXECUTION_COLUMNS.length), [
        String(e.id),
        e.script_path,
        e.start_time,
        e.end_time,
        String(e.execution_time_seconds),
        String(e.exit_code),
        cell(e.success),
        String(e.attempt_number),
        cell(e.timed_out),
        cell(e.stdout_lines),
        cell(e.stderr_lines),
      ]);
      metrics.forEach((name, k) => {
        const value = row[CSV_EXECUTION_COLUMNS.length + k]!;
        if (e.metrics[name] === undefined) assert.equal(value, '', `run ${e.id} has no ${name}`);
        else assert.equal(Number(value), e.metrics[name], `run ${e.id} ${name}`);
      });
    }
    const timeout = rows.find((r) => r[1] === 'jobs/hangs.py')!;
    assert.equal(timeout[5], '-1', 'a timeout exit code stays a plain number');
  });

  it('writes one row per metric value in --long form', async () => {
    const { text } = await collect(exportCsv(store, {}, { long: true }));
    const [header, ...rows] = parseCsv(text);
    assert.deepEqual(header, ['id', 'script_path', 'start_time', 'metric_name', 'metric_value']);
    assert.equal(rows.length, 37 * 33 + 25 + 11 + 11);
    const flaky = (await store.getExecution(2))!;
    const mine = rows.filter((r) => r[0] === '2');
    assert.equal(mine.length, Object.keys(flaky.metrics).length);
    for (const [, path, start, name, value] of mine) {
      assert.equal(path, 'jobs/flaky.py');
      assert.equal(start, flaky.start_time);
      assert.equal(Number(value), flaky.metrics[name!]);
    }
  });

  it('filters by script, metric and a day window against a pinned now', async () => {
    const flaky = parseCsv((await collect(exportCsv(store, { scriptPath: 'jobs/flaky.py' }))).text);
    assert.equal(flaky.length - 1, 14);
    assert.ok(flaky.slice(1).every((r) => r[1] === 'jobs/flaky.py'));

    const memory = parseCsv((await collect(exportCsv(store, { metricName: 'memory_max_mb' }))).text);
    assert.deepEqual(memory[0], [...CSV_EXECUTION_COLUMNS, 'memory_max_mb']);
    assert.equal(memory.length - 1, 40);

    const longMemory = parseCsv(
      (await collect(exportCsv(store, { metricName: 'memory_max_mb' }, { long: true }))).text,
    );
    assert.ok(longMemory.slice(1).every((r) => r[3] === 'memory_max_mb'));
    assert.equal(longMemory.length - 1, 39, 'run 29 was too short to be sampled');

    const recent = parseCsv((await collect(exportCsv(store, { days: 1, now: FIXTURE_NOW }))).text);
    assert.equal(recent.length - 1, 40);
    const none = parseCsv((await collect(exportCsv(store, { days: 1, now: '2026-12-05T00:00:00' }))).text);
    assert.equal(none.length, 1, 'only the header when no run is in the window');
  });

  it('streams in chunks that add up to the same document', async () => {
    const whole = await collect(exportCsv(store));
    const small = await collect(exportCsv(store, {}, { chunkSize: 200 }));
    assert.equal(whole.count, 1);
    assert.ok(small.count > 20, `${small.count} chunks`);
    assert.equal(small.text, whole.text);
  });
});

describe('exportCsv with hostile values', () => {
  const paths = [
    'jobs/a,b.py',
    'jobs/"quoted".py',
    'jobs/multi\nline.py',
    'jobs/cr\r\nlf.py',
    '=cmd|" /C calc"!A0',
    '+plus.py',
    '-minus.py',
    '@at.py',
    '\ttab.py',
    'jobs/plain.py',
  ];
  let tmp: ReturnType<typeof tempDir>;
  let store: HistoryStore;
  before(async () => {
    tmp = tempDir();
    const path = join(tmp.dir, 'hostile.db');
    const writer = HistoryWriter.open(path);
    const runs: NewExecution[] = paths.map((script_path, i) => ({
      script_path,
      start_time: `2026-11-27T10:00:0${i}.000000`,
      end_time: `2026-11-27T10:00:0${i}.500000`,
      execution_time_seconds: 0.5,
      exit_code: i % 2 ? -1 : 0,
      success: i % 2 === 0,
      timed_out: i % 2 === 1,
      metrics: { 'weird,"name"': -3.5 - i, execution_time_seconds: 0.5, '=danger': i },
    }));
    writer.recordMany(runs);
    writer.close();
    store = await openHistory(path);
  });
  after(async () => {
    await store.close();
    tmp.cleanup();
  });

  it('round-trips commas, quotes, line breaks and formula starts through a strict RFC 4180 parser', async () => {
    const [header, ...rows] = parseCsv((await collect(exportCsv(store))).text);
    assert.deepEqual(header, [...CSV_EXECUTION_COLUMNS, "'=danger", 'weird,"name"']);
    assert.deepEqual(
      rows.map((r) => r[1]),
      paths.map(asText),
    );
    rows.forEach((r, i) => {
      assert.equal(r[5], i % 2 ? '-1' : '0', 'exit codes stay numbers');
      assert.equal(r[11], String(i));
      assert.equal(r[12], String(-3.5 - i), 'negative metric values stay numbers');
    });
  });

  it('guards text in the long form too', async () => {
    const [, ...rows] = parseCsv((await collect(exportCsv(store, {}, { long: true }))).text);
    assert.equal(rows.length, paths.length * 3);
    assert.deepEqual(new Set(rows.map((r) => r[3])), new Set(["'=danger", 'execution_time_seconds', 'weird,"name"']));
    assert.deepEqual([...new Set(rows.map((r) => r[1]))], paths.map(asText));
  });
});
