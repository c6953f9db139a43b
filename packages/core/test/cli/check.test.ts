import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEMO_FASTER_SCRIPT,
  DEMO_STEP_FACTOR,
  DEMO_STEP_SCRIPT,
  detectChangePoints,
  generateDemoHistory,
  openHistory,
  type DemoSummary,
} from '../../src/index.js';
import type { CheckReport } from '../../src/cli/checkChanges.js';
import { FIXTURE_DB, FIXTURE_NOW, tempDir } from '../helpers/fixture.js';
import { runCli, type CliRun } from '../helpers/runCli.js';

const cli = (...argv: string[]): Promise<CliRun> => runCli(argv);

const NOW = '2026-11-28T02:00:00';

describe('runner-dash check', () => {
  describe('over a generated demo history with its planted +30 % step', () => {
    let tmp: ReturnType<typeof tempDir>;
    let db: string;
    let demo: DemoSummary;
    before(() => {
      tmp = tempDir();
      db = join(tmp.dir, 'demo.db');
      // 600 runs over 60 days: the step script runs ~130 times, its step 15 days before `now`.
      demo = generateDemoHistory(db, { runs: 600, now: NOW });
    });
    after(() => tmp.cleanup());

    it('fails (exit 1) naming the step script, at the run where the demo put the step', async () => {
      const { code, out, err } = await cli('check', '--db', db, '--now', NOW);
      assert.equal(code, 1, err);
      assert.equal(err, '');
      const step = demo.step!;
      assert.equal(step.script_path, DEMO_STEP_SCRIPT);
      const lines = out.trimEnd().split('\n');
      const failures = lines.filter((l) => l.startsWith('REGRESSION '));
      assert.equal(failures.length, 1, out);
      const when = step.start_time.slice(0, 16).replace('T', ' ');
      assert.match(
        failures[0]!,
        new RegExp(
          `^REGRESSION ${DEMO_STEP_SCRIPT.replace(/[./]/g, '\\$&')}: execution_time_seconds (\\d+) % slower since run #\\d+ \\(${when}\\), median [\\d.]+ s → [\\d.]+ s, p = \\S+$`,
        ),
      );
      const percent = Number(/ (\d+) % slower/.exec(failures[0]!)![1]);
      assert.ok(Math.abs(percent - (DEMO_STEP_FACTOR - 1) * 100) <= 8, `${percent} % is near the planted 30 %`);
      assert.equal(lines.at(-1), 'FAIL: 1 confirmed regression of at least 5 %.');
    });

    it('reports the same findings as JSON, each change located at its run, with the sentence it prints', async () => {
      const { code, out } = await cli('check', '--db', db, '--now', NOW, '--json');
      assert.equal(code, 1);
      const report = JSON.parse(out) as CheckReport;
      assert.deepEqual(
        [report.metric_name, report.days, report.min_change_percent, report.failed, report.now],
        ['execution_time_seconds', 30, 5, true, '2026-11-28T02:00:00.000000'],
      );
      assert.equal(report.scripts_checked, 8);
      assert.deepEqual(
        report.regressions.map((r) => r.script_path),
        [DEMO_STEP_SCRIPT],
      );
      const [regression] = report.regressions;
      assert.equal(regression!.change_point.start_time, demo.step!.start_time);
      assert.equal(regression!.change_point.confidence, 'confirmed');
      assert.equal(regression!.change_point.direction, 'regression');
      const store = await openHistory(db, { readonly: true });
      try {
        const run = await store.getExecution(regression!.change_point.execution_id);
        assert.equal(run?.script_path, DEMO_STEP_SCRIPT);
        assert.equal(run?.start_time, demo.step!.start_time);
      } finally {
        await store.close();
      }
      const text = (await cli('check', '--db', db, '--now', NOW)).out;
      for (const change of [...report.regressions, ...report.improvements]) assert.ok(text.includes(change.message));
    });

    it('mentions an improvement as information without failing (exit 0)', async () => {
      const { code, out } = await cli('check', '--db', db, '--now', NOW, '--script', DEMO_FASTER_SCRIPT);
      assert.equal(code, 0, out);
      assert.match(
        out,
        new RegExp(
          `^improved +${DEMO_FASTER_SCRIPT.replace(/[./]/g, '\\$&')}: execution_time_seconds \\d+ % faster since run #\\d+`,
          'm',
        ),
      );
      assert.ok(!out.includes('REGRESSION'));
      assert.match(out, /^OK: no confirmed regression of at least 5 %\.$/m);
    });

    it('passes (exit 0) for a steady script given with --script', async () => {
      const { code, out } = await cli(
        'check',
        '--db',
        db,
        '--now',
        NOW,
        '--script',
        'ml/train_model.py',
        '--days',
        '60',
      );
      assert.equal(code, 0, out);
      assert.equal(
        out,
        'runner-dash check · execution_time_seconds of ml/train_model.py · last 60 days · now 2026-11-28 02:00\n' +
          'OK: no confirmed regression of at least 5 %.\n',
      );
    });

    it('passes when --min-change asks for more than the step, and fails again just below it', async () => {
      const large = await cli('check', '--db', db, '--now', NOW, '--min-change', '40');
      assert.equal(large.code, 0, large.out);
      assert.match(large.out, /^OK: no confirmed regression of at least 40 %\.$/m);
      const below = await cli('check', '--db', db, '--now', NOW, '--min-change', '20', '--script', DEMO_STEP_SCRIPT);
      assert.equal(below.code, 1, below.out);
      assert.match(below.out, /^FAIL: 1 confirmed regression of at least 20 %\.$/m);
    });
  });

  describe('over the runner.py fixture', () => {
    it('finds no confirmed change in jobs/slow_growing.py: ten runs cannot confirm one', async () => {
      const store = await openHistory(FIXTURE_DB, { readonly: true });
      let durations: number[];
      try {
        durations = (
          await store.metricSeries({ scriptPath: 'jobs/slow_growing.py', metricName: 'execution_time_seconds' })
        ).map((p) => p.value);
      } finally {
        await store.close();
      }
      assert.deepEqual(durations, [0.1027, 0.1096, 0.1057, 0.2058, 0.2053, 0.2049, 0.2048, 0.205, 0.3092, 0.3087]);
      // Its steps come after 3 and 8 runs: neither has 5 runs on both sides, and even 5 against 5
      // cannot reach p < 0.001 in a rank test (the smallest two-sided p is 2/252 ≈ 0.008).
      assert.deepEqual(
        detectChangePoints(durations).filter((c) => c.confidence === 'confirmed'),
        [],
      );
      const { code, out } = await cli(
        'check',
        '--db',
        FIXTURE_DB,
        '--now',
        FIXTURE_NOW,
        '--script',
        'jobs/slow_growing.py',
      );
      assert.equal(code, 0, out);
      assert.match(out, /^OK: no confirmed regression of at least 5 %\.$/m);
    });

    it('checks every script of the fixture and passes, reporting nothing', async () => {
      const { code, out } = await cli('check', '--db', FIXTURE_DB, '--now', FIXTURE_NOW, '--json');
      assert.equal(code, 0);
      const report = JSON.parse(out) as CheckReport;
      assert.equal(report.database, FIXTURE_DB);
      assert.equal(report.scripts_checked, 5);
      assert.deepEqual([report.regressions, report.improvements, report.failed], [[], [], false]);
    });

    it('says there is nothing to check when the window holds no run, exit 0', async () => {
      const { code, out } = await cli('check', '--db', FIXTURE_DB, '--now', '2027-06-01T00:00:00', '--days', '7');
      assert.equal(code, 0);
      assert.match(out, /^No run recorded execution_time_seconds in the last 7 days: nothing to check\.$/m);
    });
  });

  describe('mistakes', () => {
    it('answers a missing or foreign database with one line, exit 2', async () => {
      const tmp = tempDir();
      try {
        const missing = await cli('check', '--db', join(tmp.dir, 'none.db'));
        assert.deepEqual([missing.code, missing.out], [2, '']);
        assert.match(missing.err, /^runner-dash check: .*none\.db does not exist/);
        writeFileSync(join(tmp.dir, 'notes.txt'), 'not a database');
        const foreign = await cli('check', '--db', join(tmp.dir, 'notes.txt'));
        assert.equal(foreign.code, 2);
        assert.match(foreign.err, /notes\.txt is not a SQLite database/);
      } finally {
        tmp.cleanup();
      }
    });

    it('refuses an unknown script or metric (a typo must not pass as "no regression"), exit 2', async () => {
      const script = await cli('check', '--db', FIXTURE_DB, '--script', 'jobs/slow_growin.py');
      assert.equal(script.code, 2);
      assert.match(
        script.err,
        /^runner-dash check: no run of 'jobs\/slow_growin\.py' in .*python-script-runner-history\.db/,
      );
      const metric = await cli('check', '--db', FIXTURE_DB, '--metric', 'execution_time');
      assert.equal(metric.code, 2);
      assert.match(metric.err, /no run in .* recorded the metric 'execution_time'/);
    });

    it('refuses bad options with a usage line, exit 2', async () => {
      for (const [args, message] of [
        [['--min-change', 'ten'], /--min-change must be a percentage/],
        [['--min-change=-5'], /--min-change must be a percentage/],
        [['--days', '0'], /--days must be a whole number from 1 to 365/],
        [['--now', 'soon'], /--now must be a date and time/],
        [['--script', ''], /--script must not be empty/],
        [['--wat'], /Unknown option '--wat'/],
      ] as const) {
        const r = await cli('check', '--db', FIXTURE_DB, ...args);
        assert.equal(r.code, 2, args.join(' '));
        assert.equal(r.out, '');
        assert.match(r.err, message);
        assert.match(r.err, /see 'runner-dash check --help'/);
      }
    });

    it('answers --help with its options and exit codes', async () => {
      const { code, out } = await cli('check', '--help');
      assert.equal(code, 0);
      for (const flag of ['--db', '--script', '--metric', '--days', '--min-change', '--json', 'exit codes'])
        assert.ok(out.includes(flag), flag);
    });
  });
});
