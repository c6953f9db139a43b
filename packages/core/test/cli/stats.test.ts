import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { percentiles } from '../../src/index.js';
import type { StatsReport } from '../../src/cli/collectScriptStats.js';
import { planDemoRuns } from '../../src/demo/planDemoRuns.js';
import { formatLocalMicros } from '../../src/demo/demoExecution.js';
import { FIXTURE_DB, FIXTURE_NOW, tempDir } from '../helpers/fixture.js';
import { runCli, type CliRun } from '../helpers/runCli.js';

const cli = (...argv: string[]): Promise<CliRun> => runCli(argv);

describe('runner-dash stats', () => {
  it('reports the fixture per script as JSON: counts, success rates, percentiles, trends', async () => {
    const { code, out, err } = await cli('stats', '--db', FIXTURE_DB, '--json', '--now', FIXTURE_NOW);
    assert.equal(code, 0, err);
    const report = JSON.parse(out) as StatsReport;
    assert.equal(report.database, FIXTURE_DB);
    assert.equal(report.total_runs, 40);
    assert.equal(report.days, null);
    assert.equal(report.now, '2026-11-28T02:00:00.000000');
    assert.deepEqual(
      report.scripts.map((s) => s.script_path),
      ['jobs/fast_ok.py', 'jobs/flaky.py', 'jobs/hangs.py', 'jobs/memory_hog.py', 'jobs/slow_growing.py'],
    );
    const by = new Map(report.scripts.map((s) => [s.script_path, s]));

    const flaky = by.get('jobs/flaky.py')!;
    assert.equal(flaky.runs, 14);
    assert.equal(flaky.successful_runs, 10);
    assert.equal(flaky.failed_runs, 4);
    assert.equal(flaky.success_rate, 71.43);
    assert.equal(flaky.trend, 'stable');

    const slow = by.get('jobs/slow_growing.py')!;
    assert.equal(slow.trend, 'increasing');
    assert.equal(slow.regression.trend, 'increasing');
    assert.ok(slow.trend_change_pct > 90, `${slow.trend_change_pct}`);
    assert.deepEqual(
      slow.last_durations,
      [0.1027, 0.1096, 0.1057, 0.2058, 0.2053, 0.2049, 0.2048, 0.205, 0.3092, 0.3087],
    );
    const spread = percentiles(slow.last_durations);
    assert.equal(slow.p50_seconds, 'median' in spread ? spread.median : NaN);
    assert.equal(slow.p95_seconds, 0.31);
    assert.equal(slow.last_run, '2026-11-28T01:36:44.307327');

    const hangs = by.get('jobs/hangs.py')!;
    assert.equal(hangs.timed_out_runs, 2);
    assert.equal(hangs.success_rate, 0);
    assert.equal(hangs.p50_seconds, 1.02);

    assert.equal(by.get('jobs/fast_ok.py')!.trend, 'stable', 'one short run among ten is not a trend');
    assert.equal(by.get('jobs/memory_hog.py')!.success_rate, 100);
    for (const s of report.scripts) assert.deepEqual(s.change_points, [], `${s.script_path}: too few runs to confirm`);
  });

  it('prints a readable table with success rates, durations, sparklines and trends', async () => {
    const { code, out } = await cli('stats', '--db', FIXTURE_DB, '--now', FIXTURE_NOW);
    assert.equal(code, 0);
    const lines = out.split('\n');
    assert.match(lines[0]!, new RegExp(`^runner-dash stats · ${FIXTURE_DB.replace(/[.]/g, '\\.')}$`));
    assert.equal(lines[1], '40 runs of 5 scripts · whole history · now 2026-11-28 02:00');
    assert.match(out, /^script +runs +success +p50 +p95 +last 30 durations +trend +last run +change$/m);
    assert.match(out, /^jobs\/flaky\.py +14 +71\.4% +0\.11 s +0\.11 s +\S{14} +→ stable +23 min ago$/m);
    assert.match(out, /^jobs\/slow_growing\.py +10 +100\.0% +0\.20 s +0\.31 s +▁▁▁▄▄▄▄▄██ +↗ increasing +23 min ago$/m);
    assert.match(out, /^jobs\/hangs\.py +2 +0\.0% +1\.02 s +1\.02 s /m);
    assert.ok(!out.includes('\u001b['), 'no colour codes when stdout is not a terminal');
  });

  it('applies --days against --now, and says so when the window is empty', async () => {
    const day = JSON.parse((await cli('stats', '--db', FIXTURE_DB, '--days', '1', '--now', FIXTURE_NOW, '--json')).out);
    assert.equal(day.days, 1);
    assert.equal(day.total_runs, 40);
    const later = await cli('stats', '--db', FIXTURE_DB, '--days', '7', '--now', '2026-12-24T00:00:00');
    assert.equal(later.code, 0);
    assert.match(later.out, /0 runs of 0 scripts · last 7 days/);
    assert.match(later.out, /No runs in the last 7 days\./);
  });

  it('answers a missing or foreign database with one line naming it, exit code 2', async () => {
    const tmp = tempDir();
    try {
      const missing = await cli('stats', '--db', join(tmp.dir, 'none.db'));
      assert.equal(missing.code, 2);
      assert.equal(missing.out, '');
      assert.equal(missing.err.trim().split('\n').length, 1);
      assert.match(missing.err, /^runner-dash stats: .*none\.db does not exist/);
      writeFileSync(join(tmp.dir, 'notes.txt'), 'not a database');
      const foreign = await cli('stats', '--db', join(tmp.dir, 'notes.txt'));
      assert.equal(foreign.code, 2);
      assert.match(foreign.err, /notes\.txt is not a SQLite database/);
    } finally {
      tmp.cleanup();
    }
  });

  it('refuses bad options with a usage line, exit code 2', async () => {
    for (const args of [
      ['--days', '0'],
      ['--days', 'week'],
      ['--demo', '--db', 'x.db'],
      ['--now', 'soon'],
      ['--wat'],
    ]) {
      const r = await cli('stats', ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /^runner-dash stats: .*\(see 'runner-dash stats --help'\)\n$/);
    }
  });

  describe('--demo', () => {
    let tmp: ReturnType<typeof tempDir>;
    let saved: string | undefined;
    before(() => {
      tmp = tempDir();
      saved = process.env.XDG_CACHE_HOME;
      process.env.XDG_CACHE_HOME = tmp.dir;
    });
    after(() => {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
      tmp.cleanup();
    });

    it('generates the cached demo, says which file it reads, and marks the planted step as a confirmed change', async () => {
      const now = '2026-11-28T02:00:00';
      const { code, out, err } = await cli('stats', '--demo', '--json', '--now', now);
      assert.equal(code, 0, err);
      const path = join(tmp.dir, 'runner-dash', 'demo-history.db');
      assert.match(err, new RegExp(`Reading the demo history ${path.replace(/[.]/g, '\\.')} \\(generated just now\\)`));
      const report = JSON.parse(out) as StatsReport;
      assert.equal(report.database, path);
      assert.equal(report.total_runs, 3000);
      assert.equal(report.scripts.length, 8);

      const step = planDemoRuns({ now }).step!;
      const orders = report.scripts.find((s) => s.script_path === step.scriptPath)!;
      assert.equal(orders.trend, 'increasing');
      const change = orders.change_points.find((c) => c.direction === 'regression')!;
      assert.ok(change, 'the step is found');
      assert.equal(change.confidence, 'confirmed');
      assert.ok(change.change_percent > 20 && change.change_percent < 40, `${change.change_percent} %`);
      assert.ok(
        Math.abs(change.index - step.runIndex) <= 3,
        `found at run ${change.index}, planted at ${step.runIndex}`,
      );
      const planted = formatLocalMicros(step.startUs);
      if (change.index === step.runIndex) assert.equal(change.start_time, planted);

      const again = await cli('stats', '--demo', '--now', now);
      assert.equal(again.code, 0);
      assert.doesNotMatch(again.err, /Generating/, 'a fresh demo is reused');
      assert.match(again.out, /^etl\/load_orders\.py .* ↗ increasing .* ▲ \+\d\d% since 2026-11-1\d \d\d:\d\d$/m);
    });
  });
});
