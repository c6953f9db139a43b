import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  DEMO_DRIFT_SCRIPT,
  DEMO_FASTER_SCRIPT,
  DEMO_STEP_SCRIPT,
  detectChangePoints,
  generateDemoHistory,
  openHistory,
  type DemoSummary,
} from '../../src/index.js';
import { DEMO_APPLICATION_ID } from '../../src/demo/demoMarker.js';
import { toSqliteUtc } from '../../src/timeWindow.js';
import { FIXTURE_DB, tempDir } from '../helpers/fixture.js';

const NOW = '2026-11-28T02:00:00';
const ISO_MICROS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;

interface Row {
  id: number;
  script_path: string;
  script_args: string;
  start_time: string;
  end_time: string;
  execution_time_seconds: number;
  exit_code: number;
  success: number;
  attempt_number: number;
  timeout_seconds: number | null;
  timed_out: number;
  stdout_lines: number;
  stderr_lines: number;
  created_at: string;
  metric_count: number;
}

function readRows(path: string): { rows: Row[]; metrics: unknown[][]; db: Database.Database } {
  const db = new Database(path, { readonly: true });
  const rows = db
    .prepare(
      `SELECT e.*, (SELECT COUNT(*) FROM metrics m WHERE m.execution_id = e.id) AS metric_count
       FROM executions e ORDER BY e.id`,
    )
    .all() as Row[];
  const metrics = db.prepare('SELECT execution_id, metric_name, metric_value FROM metrics ORDER BY id').raw().all();
  return { rows, metrics, db };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

describe('generateDemoHistory', () => {
  let tmp: ReturnType<typeof tempDir>;
  let summary: DemoSummary;
  let rows: Row[];
  let db: Database.Database;

  before(() => {
    tmp = tempDir();
    summary = generateDemoHistory(join(tmp.dir, 'demo.db'), { runs: 1200, seed: 7, now: NOW });
    ({ rows, db } = readRows(summary.path));
  });
  after(() => {
    db.close();
    tmp.cleanup();
  });

  it('writes exactly the requested number of runs, with their metric rows counted in the summary', () => {
    assert.equal(rows.length, 1200);
    assert.equal(summary.executions, 1200);
    assert.equal(
      summary.metrics,
      rows.reduce((n, r) => n + r.metric_count, 0),
    );
    assert.equal(summary.metrics, db.prepare('SELECT COUNT(*) FROM metrics').pluck().get() as number);
  });

  it('gives the same rows for the same seed and clock, and different ones for another seed', () => {
    const again = generateDemoHistory(join(tmp.dir, 'again.db'), { runs: 1200, seed: 7, now: NOW });
    const other = generateDemoHistory(join(tmp.dir, 'other.db'), { runs: 1200, seed: 8, now: NOW });
    const a = readRows(summary.path);
    const b = readRows(again.path);
    const c = readRows(other.path);
    try {
      assert.deepEqual(b.rows, a.rows);
      assert.deepEqual(b.metrics, a.metrics);
      assert.deepEqual(again.step, summary.step);
      assert.notDeepEqual(
        c.rows.map((r) => r.execution_time_seconds),
        a.rows.map((r) => r.execution_time_seconds),
      );
    } finally {
      for (const x of [a, b, c]) x.db.close();
    }
  });

  it('uses runner.py schema and stamps the file as a demo', () => {
    const fixture = new Database(FIXTURE_DB, { readonly: true });
    const objects = (d: Database.Database) =>
      d.prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
    try {
      assert.deepEqual(objects(db), objects(fixture));
    } finally {
      fixture.close();
    }
    assert.equal(db.pragma('application_id', { simple: true }), DEMO_APPLICATION_ID);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'delete');
  });

  it('spans the 60 days that end at now, oldest run first, with microsecond local times and matching UTC created_at', () => {
    const first = rows[0]!;
    const last = rows.at(-1)!;
    assert.ok(first.start_time >= '2026-09-29T02:00:00' && first.start_time < '2026-09-30T02:00:00', first.start_time);
    assert.ok(last.start_time > '2026-11-27T02:00:00', last.start_time);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      assert.match(r.start_time, ISO_MICROS);
      assert.match(r.end_time, ISO_MICROS);
      assert.ok(r.end_time <= NOW, `${r.end_time} ends after now`);
      if (i > 0) assert.ok(r.start_time >= rows[i - 1]!.start_time, 'ids follow start_time');
      const elapsed = (new Date(r.end_time).getTime() - new Date(r.start_time).getTime()) / 1000;
      assert.ok(
        Math.abs(elapsed - r.execution_time_seconds) < 0.002,
        `${r.id}: ${elapsed} vs ${r.execution_time_seconds}`,
      );
      assert.equal(r.created_at, toSqliteUtc(new Date(r.end_time)));
    }
  });

  it('has at least 8 scripts with realistic paths and their own duration scales', () => {
    const byScript = new Map<string, Row[]>();
    for (const r of rows) byScript.set(r.script_path, [...(byScript.get(r.script_path) ?? []), r]);
    assert.ok(byScript.size >= 8, `${byScript.size} scripts`);
    assert.ok(byScript.has('backup/db_dump.sh') && byScript.has(DEMO_STEP_SCRIPT));
    const medians = [...byScript.values()].map((rs) => median(rs.map((r) => r.execution_time_seconds)));
    assert.ok(Math.max(...medians) / Math.min(...medians) > 100, 'durations range from sub-second to minutes');
  });

  it('records failures with exit 1 and 2, retries after failed attempts, and timeouts', () => {
    const failures = rows.filter((r) => !r.success && !r.timed_out);
    assert.ok(failures.some((r) => r.exit_code === 1));
    assert.ok(failures.some((r) => r.exit_code === 2));
    for (const r of failures) assert.ok(r.stderr_lines > 0, 'a failure leaves a traceback');

    const retries = rows.filter((r) => r.attempt_number > 1);
    assert.ok(retries.length > 0, 'some runs are retried');
    for (const retry of retries) {
      const previous = rows.filter((r) => r.script_path === retry.script_path && r.id < retry.id).at(-1)!;
      assert.equal(previous.attempt_number, retry.attempt_number - 1);
      assert.equal(previous.success, 0);
      assert.ok(previous.end_time < retry.start_time);
    }

    const timeouts = rows.filter((r) => r.timed_out);
    assert.ok(timeouts.length > 0, 'some runs time out');
    for (const t of timeouts) {
      assert.equal(t.exit_code, -1);
      assert.equal(t.success, 0);
      assert.ok(t.timeout_seconds !== null && t.execution_time_seconds >= t.timeout_seconds);
      assert.equal(t.metric_count, 11);
    }
  });

  it("records runner.py's 33 metric names for every run that was not killed at its timeout", () => {
    const fixture = new Database(FIXTURE_DB, { readonly: true });
    const names = fixture.prepare('SELECT DISTINCT metric_name FROM metrics ORDER BY 1').pluck().all() as string[];
    fixture.close();
    assert.equal(names.length, 33);
    for (const r of rows.filter((x) => !x.timed_out)) assert.equal(r.metric_count, 33, `run ${r.id}`);
    assert.deepEqual(db.prepare('SELECT DISTINCT metric_name FROM metrics ORDER BY 1').pluck().all(), names);
    const mismatched = db
      .prepare(
        `SELECT COUNT(*) FROM executions e JOIN metrics m ON m.execution_id = e.id
         WHERE (m.metric_name = 'execution_time_seconds' AND m.metric_value != e.execution_time_seconds)
            OR (m.metric_name = 'success' AND m.metric_value != e.success)
            OR (m.metric_name = 'timed_out' AND m.metric_value != e.timed_out)`,
      )
      .pluck()
      .get();
    assert.equal(mismatched, 0, 'metric rows repeat the columns they mirror');
  });

  it('steps the step script up 30 % at the run it reports, drifts one script up and speeds one up', async () => {
    const store = await openHistory(summary.path);
    try {
      const series = async (scriptPath: string) =>
        (await store.metricSeries({ scriptPath, metricName: 'execution_time_seconds' })).map((p) => p);
      const step = await series(DEMO_STEP_SCRIPT);
      assert.ok(summary.step);
      assert.equal(summary.step.script_path, DEMO_STEP_SCRIPT);
      assert.equal(step[summary.step.run_index]!.timestamp, summary.step.start_time);
      // 45 days into 60: the step sits at 75 % of the period.
      assert.ok(summary.step.start_time > '2026-11-13T00:00:00' && summary.step.start_time < '2026-11-13T06:00:00');
      const found = detectChangePoints(step.map((p) => p.value)).filter((c) => c.confidence === 'confirmed');
      assert.equal(
        found.filter((c) => c.direction === 'regression' && c.change_percent > 20).length,
        1,
        'one big step',
      );
      const change = found.find((c) => c.change_percent > 20)!;
      assert.ok(
        Math.abs(change.index - summary.step.run_index) <= 3,
        `found at ${change.index}, planted at ${summary.step.run_index}`,
      );
      assert.ok(change.change_percent < 40, `${change.change_percent} %`);
      const before = median(step.slice(0, summary.step.run_index).map((p) => p.value));
      const after = median(step.slice(summary.step.run_index).map((p) => p.value));
      assert.ok(after / before > 1.25 && after / before < 1.35, `step ratio ${after / before}`);

      const thirds = (values: number[]) => [
        median(values.slice(0, values.length / 3)),
        median(values.slice((2 * values.length) / 3)),
      ];
      const [driftEarly, driftLate] = thirds((await series(DEMO_DRIFT_SCRIPT)).map((p) => p.value));
      assert.ok(driftLate! / driftEarly! > 1.2, 'the drifting script gets slower');
      const [fastEarly, fastLate] = thirds((await series(DEMO_FASTER_SCRIPT)).map((p) => p.value));
      assert.ok(fastLate! / fastEarly! < 0.8, 'the improving script gets faster');
    } finally {
      await store.close();
    }
  });

  it('refuses bad sizes with a RangeError naming the option, writing nothing', () => {
    assert.throws(
      () => generateDemoHistory(join(tmp.dir, 'bad.db'), { runs: 0 }),
      /runs must be a whole number from 1/,
    );
    assert.throws(() => generateDemoHistory(join(tmp.dir, 'bad.db'), { days: 1.5 }), /days must be a whole number/);
    assert.throws(() => generateDemoHistory(join(tmp.dir, 'bad.db'), { now: 'yesterday' }), /not a date and time/);
    assert.equal(existsSync(join(tmp.dir, 'bad.db')), false);
  });

  it('reports progress up to the total', () => {
    const seen: Array<[number, number]> = [];
    generateDemoHistory(join(tmp.dir, 'progress.db'), { runs: 300, now: NOW, onProgress: (d, t) => seen.push([d, t]) });
    assert.ok(seen.length >= 10);
    assert.deepEqual(seen.at(-1), [300, 300]);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i]![0] > seen[i - 1]![0]);
  });
});
