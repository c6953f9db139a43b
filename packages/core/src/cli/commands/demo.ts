import { join } from 'node:path';
import { inspectDemoTarget } from '../../demo/demoMarker.js';
import { defaultDemoCacheDir, DEMO_FILE_NAME } from '../../demo/ensureDemoDatabase.js';
import { generateDemoHistory } from '../../demo/generateDemoHistory.js';
import type { CliIO, Command } from '../Command.js';
import { integerOption, nowOption, parseCommandArgs } from '../parseCommandArgs.js';
import { progressReporter } from '../progressReporter.js';

const usage = `usage: runner-dash demo [--db FILE] [--runs N] [--days N] [--seed N] [--force]

Writes a realistic demo history in runner.py's format: scripts with their own durations
and noise, failures, retries, timeouts, outliers, one script that gets 30 % slower at a
known run, one drifting upward and one getting faster. The same seed gives the same data.

options:
  --db FILE    where to write it (default: the demo history in your cache folder,
               the one 'runner-dash stats --demo' and 'runner-dash-server --demo' read)
  --runs N     executions to write, 1–1000000 (default 3000; 30000 gives ~1M metric rows)
  --days N     days the history spans, ending now, 1–3650 (default 60)
  --seed N     seed of the random generator (default 42)
  --force      replace FILE even when it holds a history that is not a demo
  --now TIME   end the history at TIME (e.g. 2026-11-28T02:00:00) instead of now
`;

const thousands = (n: number): string => n.toLocaleString('en-US');

/** `runner-dash demo`: writes a demo history database. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'write a realistic demo history (failures, retries, timeouts, a planted regression)',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const values = parseCommandArgs(args, {
      db: { type: 'string' },
      runs: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      force: { type: 'boolean' },
      now: { type: 'string' },
    });
    const runs = integerOption(values.runs, 'runs', 1, 1_000_000);
    const days = integerOption(values.days, 'days', 1, 3650);
    const seed = integerOption(values.seed, 'seed', 0, 2 ** 32 - 1);
    const now = nowOption(values.now);
    const path = values.db ?? join(defaultDemoCacheDir(), DEMO_FILE_NAME);

    const state = inspectDemoTarget(path);
    if (state === 'other' && !values.force) {
      io.stderr.write(
        `runner-dash demo: ${path} already exists and is not a runner-dash demo (nor empty); it was left untouched. ` +
          'Choose another file with --db, or add --force to replace it.\n',
      );
      return 2;
    }

    const summary = generateDemoHistory(path, {
      runs,
      days,
      seed,
      now,
      onProgress: progressReporter(io.stderr, 'Writing the demo history'),
    });
    const out = [
      `Wrote a demo history to ${summary.path}${state === 'absent' ? '' : ' (replaced the previous file)'}`,
      `  ${thousands(summary.executions)} runs of ${summary.scripts.length} scripts over ${summary.days} days ` +
        `(${summary.first_start_time.slice(0, 10)} → ${summary.last_start_time.slice(0, 10)}), ` +
        `${thousands(summary.metrics)} metric rows, seed ${summary.seed}, in ${(summary.elapsed_ms / 1000).toFixed(1)} s`,
    ];
    if (summary.step)
      out.push(
        `  planted: ${summary.step.script_path} runs 30 % slower from ${summary.step.start_time.slice(0, 16).replace('T', ' ')} ` +
          `(its run #${summary.step.run_index + 1})`,
      );
    out.push(`Try: runner-dash stats --db ${JSON.stringify(summary.path)}`);
    io.stdout.write(out.join('\n') + '\n');
    return 0;
  },
};
