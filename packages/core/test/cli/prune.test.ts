import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HistoryWriter, type NewExecution } from '@runner-dash/core';
import { toLocalIso } from '../../src/timeWindow.js';
import { perTestTempFiles } from '../helpers/fixture.js';
import { runCli, type CliRun } from '../helpers/runCli.js';
import { query } from '../recorder/historyInspect.js';

const daysAgo = (days: number): string => {
  const date = new Date();
  date.setDate(date.getDate() - days);
  return toLocalIso(date);
};

const oldRun = (start_time: string, alerts = 0): NewExecution => ({
  script_path: 'jobs/old.py',
  start_time,
  end_time: start_time,
  execution_time_seconds: 1,
  exit_code: 0,
  success: true,
  metrics: { execution_time_seconds: 1, cpu_avg: 5 },
  alerts: Array.from({ length: alerts }, () => ({ alert_name: 'slow', severity: 'WARNING', condition: 'x > 1' })),
});

const prune = (args: string[]): Promise<CliRun> => runCli(['prune', ...args]);

describe('runner-dash prune (CLI)', () => {
  const files = perTestTempFiles();

  it('removes runs older than N days with their metrics and alerts, and says how many', async () => {
    const { path } = files.copy();
    const writer = HistoryWriter.open(path);
    const gone = [writer.record(oldRun(daysAgo(40), 2)), writer.record(oldRun(daysAgo(31), 1))];
    const kept = writer.record(oldRun(daysAgo(29), 1));
    writer.close();
    const totalBefore = query(path, 'SELECT COUNT(*) AS n FROM executions')[0]?.n as number;
    // Fixture runs count too once the fixture itself is older than the window.
    const fixtureStartsBeforeCutoff = query(
      path,
      "SELECT COUNT(*) AS n FROM executions WHERE script_path != 'jobs/old.py' AND start_time < ?",
      daysAgo(30),
    )[0]?.n as number;
    const fixtureMetricsBeforeCutoff = query(
      path,
      "SELECT COUNT(*) AS n FROM metrics WHERE execution_id IN (SELECT id FROM executions WHERE script_path != 'jobs/old.py' AND start_time < ?)",
      daysAgo(30),
    )[0]?.n as number;

    const result = await prune(['--older-than', '30', '--db', path]);
    assert.equal(result.code, 0, result.err);
    const executions = 2 + fixtureStartsBeforeCutoff;
    const metrics = 4 + fixtureMetricsBeforeCutoff;
    assert.match(
      result.out,
      new RegExp(
        `^Removed ${executions} executions, ${metrics} metrics and 3 alerts \\(runs started before \\S+\\) from ${path}\\n$`,
      ),
    );
    for (const id of gone) {
      assert.equal(query(path, 'SELECT COUNT(*) AS n FROM executions WHERE id = ?', id)[0]?.n, 0);
      assert.equal(query(path, 'SELECT COUNT(*) AS n FROM metrics WHERE execution_id = ?', id)[0]?.n, 0);
      assert.equal(query(path, 'SELECT COUNT(*) AS n FROM alerts WHERE execution_id = ?', id)[0]?.n, 0);
    }
    assert.equal(query(path, 'SELECT COUNT(*) AS n FROM metrics WHERE execution_id = ?', kept)[0]?.n, 2);
    assert.equal(query(path, 'SELECT COUNT(*) AS n FROM alerts WHERE execution_id = ?', kept)[0]?.n, 1);
    assert.equal(query(path, 'SELECT COUNT(*) AS n FROM executions')[0]?.n, totalBefore - executions);
  });

  it('uses singular words for single rows', async () => {
    const dir = files.temp();
    const path = join(dir, 'h.db');
    const writer = HistoryWriter.open(path);
    writer.record({ ...oldRun(daysAgo(10), 1), metrics: { execution_time_seconds: 1 } });
    writer.close();
    const result = await prune(['--db', path, '--older-than=5']);
    assert.match(result.out, /^Removed 1 execution, 1 metric and 1 alert /);
  });

  it('fails with exit code 2 and a clear message for a missing database, creating nothing', async () => {
    const dir = files.temp();
    const path = join(dir, 'absent.db');
    const result = await prune(['--older-than', '7', '--db', path]);
    assert.equal(result.code, 2);
    assert.equal(
      result.err,
      `runner-dash prune: no history database at ${path}; check the path or record a run first\n`,
    );
    assert.equal(existsSync(path), false);
  });

  it('insists on a whole number of days', async () => {
    for (const args of [
      [],
      ['--older-than'],
      ['--older-than', '1.5'],
      ['--older-than', '-3'],
      ['--older-than', '7', 'extra'],
    ]) {
      const result = await prune(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.err, /^runner-dash prune: .+ \(see 'runner-dash prune --help'\)\n$/);
    }
  });
});
