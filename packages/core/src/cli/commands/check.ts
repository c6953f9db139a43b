import { DEFAULT_HISTORY_FILE } from '../../recorder/defaultHistoryFile.js';
import { openHistory } from '../../store/openHistory.js';
import { UsageError, type CliIO, type Command } from '../Command.js';
import { checkChanges, DEFAULT_MIN_CHANGE_PCT, type CheckReport } from '../checkChanges.js';
import { integerOption, nowOption, parseCommandArgs } from '../parseCommandArgs.js';

const usage = `usage: runner-dash check [--db FILE|URL] [--script S] [--metric M] [--days N] [--min-change PCT] [--json]

For CI pipelines: prints each confirmed change of level in the window as one sentence and
exits 1 when at least one is a regression (the metric rose) of at least PCT percent.
Improvements are printed for information and do not fail the check.

options:
  --db FILE|URL     the history database, or a postgres:// URL (default: script_runner_history.db)
  --script S        only this script_path (as recorded); default: every script
  --metric M        the metric to check (default: execution_time_seconds)
  --days N          only runs that started in the last N days (1–365; default: 30)
  --min-change PCT  smallest change of the median that counts, percent (default: ${DEFAULT_MIN_CHANGE_PCT})
  --json            print the findings as JSON instead
  --now TIME        treat TIME (e.g. 2026-11-28T02:00:00) as the current time

exit codes: 0 no confirmed regression, 1 at least one, 2 a bad option or database.
`;

/** Reads `--min-change` as a percentage; undefined when it was not given. */
function percentOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.trim().replace(/%$/, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1000)
    throw new UsageError(`--min-change must be a percentage from 0 to 1000, like 10 (got '${value}')`);
  return n;
}

/** The report as lines for people: a header, one sentence per change, a verdict. */
function renderCheck(report: CheckReport, scriptPath: string | undefined): string {
  const what = scriptPath ?? `${report.scripts_checked} script${report.scripts_checked === 1 ? '' : 's'}`;
  const lines = [
    `runner-dash check · ${report.metric_name} of ${what} · last ${report.days} days · now ${report.now.slice(0, 16).replace('T', ' ')}`,
  ];
  if (report.scripts_checked === 0) {
    lines.push(
      `No run ${scriptPath ? `of ${scriptPath} ` : ''}recorded ${report.metric_name} in the last ${report.days} days: nothing to check.`,
    );
    return lines.join('\n');
  }
  for (const change of report.regressions) lines.push(`REGRESSION ${change.message}`);
  for (const change of report.improvements) lines.push(`improved   ${change.message}`);
  const threshold = `of at least ${report.min_change_percent} %`;
  const count = report.regressions.length;
  lines.push(
    report.failed
      ? `FAIL: ${count} confirmed regression${count === 1 ? '' : 's'} ${threshold}.`
      : `OK: no confirmed regression ${threshold}.`,
  );
  return lines.join('\n');
}

/** `runner-dash check`: fail a CI pipeline when a script has confirmed to be slower. */
export const checkCommand: Command = {
  name: 'check',
  summary: 'for CI: print confirmed regressions in the window, exit 1 when there is one',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const values = parseCommandArgs(args, {
      db: { type: 'string' },
      script: { type: 'string' },
      metric: { type: 'string' },
      days: { type: 'string' },
      'min-change': { type: 'string' },
      json: { type: 'boolean' },
      now: { type: 'string' },
    });
    const days = integerOption(values.days, 'days', 1, 365);
    const minChangePercent = percentOption(values['min-change']);
    const now = nowOption(values.now);
    if (values.script !== undefined && values.script.trim() === '') throw new UsageError('--script must not be empty');
    if (values.metric !== undefined && values.metric.trim() === '') throw new UsageError('--metric must not be empty');
    const store = await openHistory(values.db ?? DEFAULT_HISTORY_FILE, { readonly: true });
    try {
      const report = await checkChanges(store, {
        scriptPath: values.script,
        metricName: values.metric,
        days,
        minChangePercent,
        now,
      });
      io.stdout.write((values.json ? JSON.stringify(report, null, 2) : renderCheck(report, values.script)) + '\n');
      return report.failed ? 1 : 0;
    } finally {
      await store.close();
    }
  },
};
