import { DEFAULT_HISTORY_FILE } from '../../recorder/defaultHistoryFile.js';
import { ensureDemoDatabase } from '../../demo/ensureDemoDatabase.js';
import { openHistory } from '../../store/openHistory.js';
import { UsageError, type CliIO, type Command } from '../Command.js';
import { collectScriptStats } from '../collectScriptStats.js';
import { formatAgo } from '../formatDuration.js';
import { integerOption, nowOption, parseCommandArgs } from '../parseCommandArgs.js';
import { progressReporter } from '../progressReporter.js';
import { renderStatsTable } from '../renderStatsTable.js';

const usage = `usage: runner-dash stats [--db FILE|URL | --demo] [--days N] [--json]

A table per script of a history database: runs, success rate, p50/p95 duration, a
sparkline of the latest 30 durations, trend, last run, and confirmed change points.

options:
  --db FILE|URL the history database, or a postgres:// URL (default: script_runner_history.db)
  --demo       use the demo history in your cache folder (made when absent or a day old)
  --days N     only runs that started in the last N days (1–365; default: all)
  --json       print the same data as JSON
  --now TIME   treat TIME (e.g. 2026-11-28T02:00:00) as the current time
`;

/** `runner-dash stats`: how each script in a history behaves. */
export const statsCommand: Command = {
  name: 'stats',
  summary: 'a table per script: runs, success rate, p50/p95, sparkline, trend, change points',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const values = parseCommandArgs(args, {
      db: { type: 'string' },
      demo: { type: 'boolean' },
      days: { type: 'string' },
      json: { type: 'boolean' },
      now: { type: 'string' },
    });
    if (values.demo && values.db !== undefined) throw new UsageError('give either --db FILE or --demo, not both');
    const days = integerOption(values.days, 'days', 1, 365);
    const now = nowOption(values.now);

    let path = values.db ?? DEFAULT_HISTORY_FILE;
    if (values.demo) {
      const demo = ensureDemoDatabase({
        now,
        onProgress: progressReporter(io.stderr, 'Generating the demo history'),
      });
      path = demo.path;
      const age = demo.generated ? 'generated just now' : `generated ${formatAgo(demo.modified, new Date())}`;
      io.stderr.write(`Reading the demo history ${path} (${age}).\n`);
    }

    const store = await openHistory(path);
    try {
      const report = await collectScriptStats(store, { days, now });
      if (values.json) {
        io.stdout.write(JSON.stringify(report, null, 2) + '\n');
      } else {
        const colour = Boolean(io.stdout.isTTY) && !process.env.NO_COLOR;
        io.stdout.write(renderStatsTable(report, { colour }) + '\n');
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
